package dovetail.embedded.spring;

import java.nio.file.Path;
import java.util.Locale;

import org.springframework.core.env.Environment;

/** The {@code dovetail.embedded.*} properties, read before the application context exists. */
record DevelopmentEnginesSettings(
        String enabled,
        Path dataDirectory,
        int postgresPort,
        int kafkaPort,
        int meilisearchPort,
        Path meilisearchBinary,
        Path meilisearchCacheDirectory,
        String meilisearchMaxIndexingMemory,
        String meilisearchMasterKey,
        int meilisearchInstances) {

    static final String PREFIX = "dovetail.embedded.";

    static DevelopmentEnginesSettings from(Environment environment) {
        return new DevelopmentEnginesSettings(
                environment.getProperty(PREFIX + "enabled", "auto").trim().toLowerCase(Locale.ROOT),
                Path.of(environment.getProperty(PREFIX + "data-dir", ".dovetail")).toAbsolutePath(),
                environment.getProperty(PREFIX + "postgres.port", Integer.class, 15432),
                environment.getProperty(PREFIX + "kafka.port", Integer.class, 19092),
                environment.getProperty(PREFIX + "meilisearch.port", Integer.class, 17700),
                path(environment.getProperty(PREFIX + "meilisearch.binary")),
                path(environment.getProperty(PREFIX + "meilisearch.cache-dir")),
                environment.getProperty(PREFIX + "meilisearch.max-indexing-memory", "256MiB"),
                environment.getProperty(PREFIX + "meilisearch.master-key"),
                environment.getProperty(PREFIX + "meilisearch.instances", Integer.class, 1));
    }

    /**
     * The names of the Meilisearch instances started beside the first (which is the default instance):
     * {@code ms1} .. {@code ms<n-1>}, as docker-compose.yml names them, for trying sharded or replicated search on one machine.
     */
    java.util.List<String> extraMeilisearchInstances() {
        if (meilisearchInstances < 1 || meilisearchInstances > 16) {
            throw new IllegalArgumentException(PREFIX + "meilisearch.instances must be 1..16, not " + meilisearchInstances);
        }
        return java.util.stream.IntStream.range(1, meilisearchInstances).mapToObj(i -> "ms" + i).toList();
    }

    /** {@code auto}: on unless the application was given a database to use. */
    boolean enabledFor(Environment environment) {
        return switch (enabled) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> !environment.containsProperty("spring.datasource.url");
            default -> throw new IllegalArgumentException(
                    PREFIX + "enabled must be auto, true or false, not '" + enabled + "'");
        };
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
