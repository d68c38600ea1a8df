package dovetail.bench;

import dovetail.app.DovetailApplication;
import dovetail.embedded.EmbeddedEngines;
import dovetail.embedded.EngineEndpoints;
import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresLauncher;
import dovetail.embedded.spring.DevelopmentKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Real engines in temporary folders and a Dovetail without a web server on them, for one benchmark run. */
final class BenchDovetail implements AutoCloseable {

    final EmbeddedEngines engines;
    final ConfigurableApplicationContext app;
    private JdbcTemplate legacy;
    private HistoryReads historyReads;
    private List<String> settings = List.of();

    private BenchDovetail(EmbeddedEngines engines, ConfigurableApplicationContext app) {
        this.engines = engines;
        this.app = app;
    }

    /**
     * @param durable PostgreSQL with fsync and synchronous commits (production's setting) or without (development's)
     */
    static BenchDovetail start(boolean durable, boolean withMeilisearch, String... properties) {
        return start(durable, withMeilisearch, false, properties);
    }

    /** @param withKafka a real broker; without one, nothing is bound to Kafka */
    static BenchDovetail start(boolean durable, boolean withMeilisearch, boolean withKafka, String... properties) {
        return start(durable, withMeilisearch ? 1 : 0, withKafka, properties);
    }

    /**
     * @param meilisearchInstances how many Meilisearch processes: the first is the instance {@code default}, the
     *                             others {@code ms-1}, {@code ms-2} …
     */
    static BenchDovetail start(boolean durable, int meilisearchInstances, boolean withKafka, String... properties) {
        boolean withMeilisearch = meilisearchInstances > 0;
        String durability = durable ? "on" : "off";
        EmbeddedEngines.Builder builder = EmbeddedEngines.builder().postgres(PostgresLauncher.builder()
                .serverConfig("fsync", durability).serverConfig("synchronous_commit", durability));
        if (withMeilisearch) {
            builder.meilisearch(MeilisearchLauncher.builder());
        }
        for (int i = 1; i < meilisearchInstances; i++) {
            builder.meilisearchInstance("ms-" + i, MeilisearchLauncher.builder());
        }
        if (withKafka) {
            builder.kafka(KafkaLauncher.builder());
        }
        EmbeddedEngines engines = builder.start();
        List<String> all = baseProperties(engines.endpoints(), withMeilisearch, withKafka);
        engines.endpoints().meilisearchInstances().forEach((name, url) ->
                all.add("dovetail.meilisearch.instances." + name + ".url=" + url));
        all.addAll(List.of(properties));
        try {
            BenchDovetail started = new BenchDovetail(engines, run(all));
            started.settings = all;
            return started;
        } catch (RuntimeException e) {
            engines.close();
            throw e;
        }
    }

    /**
     * A Dovetail with a legacy store: a second database on the same (logical-decoding) server with the legacy
     * table, filled by {@code fill} before Dovetail starts, so capture sees only what is written afterwards.
     */
    static BenchDovetail startWithLegacy(java.util.function.Consumer<JdbcTemplate> fill, String... properties) {
        EmbeddedEngines engines = EmbeddedEngines.builder().postgres(PostgresLauncher.builder().logicalReplication()
                .serverConfig("fsync", "on").serverConfig("synchronous_commit", "on")).start();
        try {
            EngineEndpoints endpoints = engines.endpoints();
            String legacyUrl = engines.postgres().orElseThrow().createDatabase("legacy");
            JdbcTemplate legacy = new JdbcTemplate(new DriverManagerDataSource(legacyUrl, endpoints.username(),
                    endpoints.password()));
            legacy.execute("create table things (id bigint primary key, name text, foo integer, "
                           + "created_on timestamptz, updated_on timestamptz, version integer)");
            fill.accept(legacy);
            List<String> all = baseProperties(endpoints, false, false);
            all.addAll(List.of("dovetail.legacy.datasource.url=" + legacyUrl,
                    "dovetail.legacy.datasource.username=" + endpoints.username(),
                    "dovetail.legacy.datasource.password=" + endpoints.password()));
            all.addAll(List.of(properties));
            BenchDovetail started = new BenchDovetail(engines, run(all));
            started.legacy = legacy;
            started.settings = all;
            return started;
        } catch (RuntimeException e) {
            engines.close();
            throw e;
        }
    }

    /**
     * Closes this Dovetail and starts another on the same engines and data, with the same settings but for those
     * {@code overrides} give ({@code name=value}); close the one answered, not this one.
     */
    BenchDovetail restarted(String... overrides) {
        app.close();
        List<String> names = Stream.of(overrides).map(BenchDovetail::name).toList();
        List<String> all = new ArrayList<>(settings.stream().filter(setting -> !names.contains(name(setting))).toList());
        all.addAll(List.of(overrides));
        BenchDovetail restarted = new BenchDovetail(engines, run(all));
        restarted.settings = all;
        // the recording is the process's, not the application's: the restarted one goes on with it
        restarted.historyReads = historyReads;
        return restarted;
    }

    private static String name(String setting) {
        return setting.substring(0, setting.indexOf('='));
    }

    private static ConfigurableApplicationContext run(List<String> properties) {
        return new SpringApplicationBuilder(DovetailApplication.class).web(WebApplicationType.NONE)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    private static List<String> baseProperties(EngineEndpoints endpoints, boolean withMeilisearch,
                                               boolean withKafka) {
        return new ArrayList<>(List.of("dovetail.embedded.enabled=false",
                DevelopmentKeys.PROPERTY + "=" + DevelopmentKeys.KEY_ENCRYPTION_KEY,
                "spring.datasource.url=" + endpoints.jdbcUrl(),
                "spring.datasource.username=" + endpoints.username(),
                "spring.datasource.password=" + endpoints.password(),
                "spring.kafka.bootstrap-servers=" + (withKafka ? endpoints.kafkaBootstrapServers() : "127.0.0.1:1"),
                // the Kafka command intake is bound only with a broker to bind it to
                "spring.cloud.function.definition=" + (withKafka ? "thingCommands" : ""),
                "dovetail.meilisearch.url=" + (withMeilisearch ? endpoints.meilisearchUrl() : "http://127.0.0.1:1"),
                "dovetail.sync-tasks.create-built-in=false",
                // no HTTP in a benchmark: the calls go straight to the gateways
                "dovetail.security.enabled=false",
                "logging.level.root=warn", "logging.level.dovetail.projections.synctask=info"));
    }

    JdbcTemplate legacy() {
        return legacy;
    }

    <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    /** What the history readers do, recorded from the first call on. */
    synchronized HistoryReads historyReads() {
        if (historyReads == null) {
            historyReads = HistoryReads.record();
        }
        return historyReads;
    }

    @Override
    public void close() {
        try {
            if (historyReads != null) {
                historyReads.close();
            }
            app.close();
        } finally {
            engines.close();
        }
    }
}
