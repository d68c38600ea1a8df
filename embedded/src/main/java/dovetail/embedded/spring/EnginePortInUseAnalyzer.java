package dovetail.embedded.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a taken development-mode port into Spring Boot's short "what happened / what to do" report. */
class EnginePortInUseAnalyzer extends AbstractFailureAnalyzer<EnginePortInUse> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EnginePortInUse cause) {
        return new FailureAnalysis("Development mode could not start its embedded " + cause.engine() + ": port "
                + cause.port() + " on 127.0.0.1 is already in use, most likely by another Dovetail running in "
                + "development mode. No engine was started.",
                "Stop the other process, or give this one ports of its own: set " + cause.property()
                + " to a free port, or to 0 to pick a free one at each start (likewise dovetail.embedded.postgres.port, "
                + "dovetail.embedded.kafka.port and dovetail.embedded.meilisearch.port), and give it its own "
                + "dovetail.embedded.data-dir and server.port.", cause);
    }
}
