package dovetail.app.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start without tokens into Spring Boot's short "what happened / what to do" report. */
class NoBearerTokensAnalyzer extends AbstractFailureAnalyzer<NoBearerTokens> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoBearerTokens cause) {
        return new FailureAnalysis("Dovetail has no bearer tokens configured, so nobody could use it.",
                "Configure at least one token, for example DOVETAIL_SECURITY_TOKENS_0_NAME=admin, "
                + "DOVETAIL_SECURITY_TOKENS_0_ROLE=ADMIN and DOVETAIL_SECURITY_TOKENS_0_SHA256=<SHA-256 of the secret> "
                + "(or _VALUE=<secret> from the environment); or set DOVETAIL_SECURITY_ENABLED=false to run "
                + "without authentication.", cause);
    }
}
