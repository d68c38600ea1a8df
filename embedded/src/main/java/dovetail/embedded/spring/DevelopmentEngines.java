package dovetail.embedded.spring;

import dovetail.embedded.EmbeddedEngines;
import dovetail.embedded.EngineEndpoints;
import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresDatabases;
import dovetail.embedded.postgres.PostgresLauncher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The development engines, as {@code dovetail.embedded.*} describes them: a real PostgreSQL (with the legacy store's
 * database beside Dovetail's), a Kafka broker in this JVM, and Meilisearch (with further instances when asked), on
 * 127.0.0.1, their data under the data directory. Started by development mode before the application context, or on
 * their own by {@link StandaloneEngines} for several instances to share.
 */
final class DevelopmentEngines {

    private DevelopmentEngines() {
    }

    /** Starts the engines, or fails naming a port another process holds. The caller closes them. */
    static EmbeddedEngines start(DevelopmentEnginesSettings settings) {
        List<String> extra = settings.extraMeilisearchInstances();
        List<EnginePorts.Wanted> ports = new java.util.ArrayList<>(List.of(
                new EnginePorts.Wanted("PostgreSQL", settings.postgresPort(), "dovetail.embedded.postgres.port"),
                new EnginePorts.Wanted("Kafka", settings.kafkaPort(), "dovetail.embedded.kafka.port"),
                new EnginePorts.Wanted("Meilisearch", settings.meilisearchPort(), "dovetail.embedded.meilisearch.port")));
        for (int i = 0; i < extra.size(); i++) {
            ports.add(new EnginePorts.Wanted("Meilisearch instance " + extra.get(i),
                    settings.meilisearchPort() == 0 ? 0 : settings.meilisearchPort() + i + 1,
                    "dovetail.embedded.meilisearch.port (plus " + (i + 1) + ")"));
        }
        EnginePorts.requireFree(ports);
        EmbeddedEngines.Builder builder = EmbeddedEngines.builder();
        for (int i = 0; i < extra.size(); i++) {
            // each further instance indexes with one thread: they share the developer's cores
            builder.meilisearchInstance(extra.get(i), MeilisearchLauncher.builder()
                    .port(settings.meilisearchPort() == 0 ? 0 : settings.meilisearchPort() + i + 1)
                    .dataDirectory(settings.dataDirectory().resolve(extra.get(i)))
                    .binary(settings.meilisearchBinary())
                    .cacheDirectory(settings.meilisearchCacheDirectory())
                    .maxIndexingMemory(settings.meilisearchMaxIndexingMemory())
                    .maxIndexingThreads(1)
                    .masterKey(settings.meilisearchMasterKey()));
        }
        EmbeddedEngines engines = builder
                .postgres(PostgresLauncher.builder()
                        .logicalReplication()
                        .port(settings.postgresPort())
                        .dataDirectory(settings.dataDirectory().resolve("postgres")))
                .kafka(KafkaLauncher.builder().port(settings.kafkaPort()))
                .meilisearch(MeilisearchLauncher.builder()
                        .port(settings.meilisearchPort())
                        .dataDirectory(settings.dataDirectory().resolve("meilisearch"))
                        .binary(settings.meilisearchBinary())
                        .cacheDirectory(settings.meilisearchCacheDirectory())
                        .maxIndexingMemory(settings.meilisearchMaxIndexingMemory())
                        .masterKey(settings.meilisearchMasterKey()))
                .start();
        legacyDatabase(engines.endpoints());
        return engines;
    }

    /** The embedded legacy store: a second database on the same server, created on the first start. */
    private static void legacyDatabase(EngineEndpoints endpoints) {
        try {
            PostgresDatabases.create(endpoints.jdbcUrl(), endpoints.username(), endpoints.password(),
                    DevelopmentEnginesListener.LEGACY_DATABASE);
        } catch (PostgresDatabases.DatabaseExistsException kept) {
            // from an earlier run: its rows stay
        }
    }

    static Map<String, Object> properties(EngineEndpoints endpoints) {
        Map<String, Object> properties = new LinkedHashMap<>(endpoints.springProperties());
        properties.put("dovetail.legacy.datasource.url",
                PostgresDatabases.withDatabase(endpoints.jdbcUrl(), DevelopmentEnginesListener.LEGACY_DATABASE));
        properties.put("dovetail.legacy.datasource.username", endpoints.username());
        properties.put("dovetail.legacy.datasource.password", endpoints.password());
        // the legacy table in its legacy shape, and a mutation that fills it with demo rows
        properties.put("dovetail.legacy.create-table", "true");
        properties.put("dovetail.legacy.seedable", "true");
        // tells the application it runs for a developer (e.g. it may generate and print an admin token)
        properties.put("dovetail.development-mode", "true");
        return properties;
    }
}
