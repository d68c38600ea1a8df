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
                "Stop the other process, or give this one other ports: set " + cause.property()
                + " (and dovetail.embedded.postgres.port, dovetail.embedded.kafka.port, "
                + "dovetail.embedded.meilisearch.port as needed) to free ports, or to 0 to pick free ones at each "
                + "start, and also set a separate dovetail.embedded.data-dir and server.port.", cause);
    }
}
