package dovetail.app.security;

/** Dovetail would start with no way in: security is on, no token is configured, and this is not development mode. */
class NoBearerTokens extends IllegalStateException {

    NoBearerTokens() {
        super("No bearer tokens are configured: set dovetail.security.tokens (name, role, sha256 or value), "
              + "or set dovetail.security.enabled=false to run without authentication");
    }
}
