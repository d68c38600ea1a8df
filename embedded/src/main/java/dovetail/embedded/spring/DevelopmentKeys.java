package dovetail.embedded.spring;

import java.util.Map;

/**
 * The key-encryption key development mode and the tests use when none is configured: a published key, so a fresh
 * clone starts and the data kept between development runs stays readable. It protects nothing: production sets its
 * own (the `embedded` module is never on the production classpath).
 */
public final class DevelopmentKeys {

    /** The property that names the key-encryption key of the Thing data keys. */
    public static final String PROPERTY = "dovetail.erasure.key-encryption-key";
    public static final String KEY_ENCRYPTION_KEY = "sEWvflicORL3cSRmmNgJ/U1jIXdScDNqqwjom+6IQHA=";

    private DevelopmentKeys() {
    }

    /** Defaults to add at the lowest precedence, so any configuration replaces them. */
    public static Map<String, Object> defaults() {
        return Map.of(PROPERTY, KEY_ENCRYPTION_KEY);
    }
}
