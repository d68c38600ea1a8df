package dovetail.app.security;

import dovetail.commands.erasure.InvalidKeyEncryptionKey;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or malformed key-encryption key into Spring Boot's short "what happened / what to do" report. */
class KeyEncryptionKeyAnalyzer extends AbstractFailureAnalyzer<InvalidKeyEncryptionKey> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidKeyEncryptionKey cause) {
        return new FailureAnalysis("Dovetail cannot encrypt the Things' names: " + cause.getMessage() + ".",
                "Set DOVETAIL_ERASURE_KEY_ENCRYPTION_KEY to the base64 of a random 32-byte key (openssl rand -base64 32)"
                + " and keep it with the database's secrets: without it no encrypted name can be read (see Erasure in"
                + " the README).", cause);
    }
}
