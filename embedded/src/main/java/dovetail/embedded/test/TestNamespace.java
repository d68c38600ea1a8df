package dovetail.embedded.test;

import java.lang.reflect.Modifier;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Short unique lowercase names such as {@code t_thinggraphqlit_3f9a}: valid as a PostgreSQL database name, a
 * Meilisearch index prefix and a Kafka topic prefix.
 */
final class TestNamespace {

    private static final int MAX_STEM = 40;

    private TestNamespace() {
    }

    static String forClass(Class<?> testClass) {
        String stem = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (stem.length() > MAX_STEM) {
            stem = stem.substring(0, MAX_STEM);
        }
        byte[] suffix = new byte[2];
        ThreadLocalRandom.current().nextBytes(suffix);
        return "t_" + stem + "_" + HexFormat.of().formatHex(suffix);
    }

    /** A {@code @Nested} class shares the namespace (and the Spring context) of the class that encloses it. */
    static Class<?> owner(Class<?> testClass) {
        Class<?> owner = testClass;
        while (owner.getEnclosingClass() != null && !Modifier.isStatic(owner.getModifiers())) {
            owner = owner.getEnclosingClass();
        }
        return owner;
    }
}
