package dovetail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.embedded.EmbeddedEngines;
import dovetail.embedded.EngineEndpoints;
import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresLauncher;
import dovetail.embedded.spring.DevelopmentKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Throughput with instances: 1, 2 and 3 Dovetails, each a process of its own started from the production jar with
 * a 192 MB heap, on the same engines (PostgreSQL, Kafka and Meilisearch run once, in and beside this process). For
 * each cluster size, a fresh database, topic prefix and index prefix; {@code createThing} over HTTP GraphQL from a
 * fixed number of clients spread over the instances (each client talks to one instance); meanwhile a Kafka task with
 * 4 segments (split between the instances) publishes every event, and a consumer here times each Thing from the
 * mutation's answer to its record ({@link Freshness}). Each figure is printed against one instance. Then, on the
 * largest cluster, a full sync of {@code things-search} over at least {@code bench.full-sync-events} events (the
 * store filled by a backfill from the legacy store), with the load still on: every instance's heap and resident set are sampled throughout ({@link MemoryPeaks}).
 */
final class ScalingBench {

    private static final String TASK = "scaling";
    private static final int SEGMENTS = 4;

    private ScalingBench() {
    }

    /** What one cluster size achieved. */
    record Result(int instances, Load.Result commands, Freshness.Result delivery, List<String> owners,
                  long peakHeap, long peakResidentSet) {
    }

    static void run(int maxInstances, int clients, Duration warmUp, Duration measured, int fullSyncEvents)
            throws Exception {
        // the engines' own INFO lines would bury the figures; warnings and errors still show
        LoggingSystem logging = LoggingSystem.get(ScalingBench.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        try (EmbeddedEngines engines = EmbeddedEngines.builder()
                .postgres(PostgresLauncher.builder().logicalReplication().serverConfig("fsync", "on")
                        .serverConfig("synchronous_commit", "on"))
                .kafka(KafkaLauncher.builder()).meilisearch(MeilisearchLauncher.builder()).start()) {
            List<Result> results = new ArrayList<>();
            for (int size = 1; size <= maxInstances; size++) {
                boolean last = size == maxInstances;
                results.add(cluster(engines, size, clients, warmUp, measured, last ? fullSyncEvents : 0));
            }
            print(results, clients, measured);
        }
    }

    private static Result cluster(EmbeddedEngines engines, int size, int clients, Duration warmUp, Duration measured,
                                  int fullSyncEvents) throws Exception {
        EngineEndpoints endpoints = engines.endpoints();
        String database = engines.postgres().orElseThrow().createDatabase("scaling_" + size);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, endpoints.username(),
                endpoints.password()));
        String legacy = engines.postgres().orElseThrow().createDatabase("scaling_legacy_" + size);
        String topicPrefix = "c" + size + ".";
        List<String> settings = List.of("dovetail.embedded.enabled=false", "spring.datasource.url=" + database,
                DevelopmentKeys.PROPERTY + "=" + DevelopmentKeys.KEY_ENCRYPTION_KEY,
                "spring.datasource.username=" + endpoints.username(),
                "spring.datasource.password=" + endpoints.password(),
                "spring.kafka.bootstrap-servers=" + endpoints.kafkaBootstrapServers(),
                "dovetail.meilisearch.url=" + endpoints.meilisearchUrl(),
                "dovetail.meilisearch.index-prefix=c" + size + "_", "dovetail.kafka.topic-prefix=" + topicPrefix,
                // a legacy store as development mode has one: it fills the store fast for the full sync (backfill)
                "dovetail.legacy.datasource.url=" + legacy, "dovetail.legacy.datasource.username=" + endpoints.username(),
                "dovetail.legacy.datasource.password=" + endpoints.password(), "dovetail.legacy.create-table=true",
                "dovetail.legacy.seedable=true", "logging.level.root=warn");
        System.out.printf("%n== %d instance(s): starting ...%n", size);
        List<Instance> instances = startAll(size, settings);
        try (MemoryPeaks memory = MemoryPeaks.sample(instances)) {
            instances.get(0).graphQl("mutation { createSyncTask(input: {id: \"" + TASK + "\", sink: {kafka: {topics: "
                    + "[{topic: \"" + TASK + ".events\", format: EVENTS}]}}, options: {segments: " + SEGMENTS + "}}) "
                    + "{ __typename } }");
            // each instance holds at most its even share, rounded up (4 segments on 3 instances: 2, 2 and none)
            int share = (SEGMENTS + size - 1) / size;
            List<String> owners = awaitSpread(jdbc, (SEGMENTS + share - 1) / share);
            System.out.println("segments of " + TASK + " claimed by " + owners);
            Result result;
            try (Freshness freshness = Freshness.follow(endpoints.kafkaBootstrapServers(),
                    topicPrefix + TASK + ".events")) {
                Load.Operation create = (client, n) -> {
                    JsonNode created = instances.get(client % size).graphQl("mutation { createThing(input: {name: "
                            + "\"scaling " + client + "-" + n + "\", foo: " + n + "}) { __typename ... on Thing { id } } }");
                    freshness.answered(created.path("createThing").path("id").asText());
                };
                Load.run("warm-up", clients, warmUp, create);
                freshness.start();
                double cpuBefore = cpuSeconds(instances);
                Load.Result commands = Load.run(size + " instance(s): createThing over GraphQL", clients, measured,
                        create);
                System.out.printf("the instances' CPU per command: %.1f ms%n",
                        (cpuSeconds(instances) - cpuBefore) * 1000 / commands.operations());
                Freshness.Result delivery = freshness.finish(Duration.ofMinutes(2));
                System.out.println(commands.describe());
                System.out.println(delivery.describe());
                result = new Result(size, commands, delivery, owners, memory.peakHeap(), memory.peakResidentSet());
                if (fullSyncEvents > 0) {
                    fullSync(instances, jdbc, fullSyncEvents, clients, create, memory);
                }
            }
            System.out.println(memory.describe());
            return result;
        } finally {
            for (Instance instance : instances) {
                instance.close();
            }
        }
    }

    private static double cpuSeconds(List<Instance> instances) {
        return instances.stream().mapToDouble(Instance::cpuSeconds).sum();
    }

    /** Starts the instances side by side (their start-ups overlap, as a rolling deployment's would not). */
    private static List<Instance> startAll(int size, List<String> settings) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(size);
        try {
            List<Future<Instance>> started = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                String name = "instance-" + i;
                int port = freePort();
                started.add(starting.submit(() -> Instance.start(name, port, "192m", settings)));
            }
            List<Instance> instances = new ArrayList<>();
            for (Future<Instance> instance : started) {
                instances.add(instance.get());
            }
            return instances;
        } finally {
            starting.shutdown();
        }
    }

    /** Waits until the task's segments are all claimed, by {@code owners} instances; answers each segment's owner. */
    private static List<String> awaitSpread(JdbcTemplate jdbc, int owners) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<String> claimed = List.of();
        while (System.nanoTime() < deadline) {
            claimed = jdbc.queryForList("select coalesce(owner, '-') from token_entry where processor_name = ? "
                    + "order by segment", String.class, "sync-task:" + TASK);
            if (claimed.size() == SEGMENTS && !claimed.contains("-") && claimed.stream().distinct().count() == owners) {
                return claimed;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        System.out.println("the segments were not spread over " + owners + " instance(s) within 2 minutes: " + claimed);
        return claimed;
    }

    /**
     * Fills the store up to {@code events} events the fast way a deployment has, a backfill from the legacy store
     * (rows seeded into it, imported 500 to a command), then fully syncs {@code things-search} with the load still
     * on, and prints how long it took; the memory sampler runs throughout.
     */
    private static void fullSync(List<Instance> instances, JdbcTemplate jdbc, int events, int clients,
                                 Load.Operation create, MemoryPeaks memory) throws Exception {
        long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        if (stored < events) {
            int rows = (int) Math.min(100_000, events - stored);
            System.out.printf("filling the store from %,d events: %,d legacy rows, backfilled ...%n", stored, rows);
            Instance first = instances.get(0);
            first.graphQl("mutation { seedLegacyThings(count: " + rows + ") { __typename } }");
            first.graphQl("mutation { startBackfill { __typename } }");
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (!"COMPLETED".equals(first.graphQl("{ migration { backfill { status } } }")
                    .path("migration").path("backfill").path("status").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the backfill did not complete within 15 minutes");
                }
                TimeUnit.SECONDS.sleep(1);
            }
            stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        }
        memory.reset();
        Instance first = instances.get(0);
        long start = System.nanoTime();
        first.graphQl("mutation { fullSyncTask(id: \"things-search\") { __typename } }");
        ExecutorService load = Executors.newSingleThreadExecutor();
        try {
            Future<Load.Result> during = load.submit(() -> {
                Load.Result last = null;
                while (!Thread.currentThread().isInterrupted() && fullSyncRunning(first)) {
                    last = Load.run("load during the full sync", clients, Duration.ofSeconds(5), create);
                }
                return last;
            });
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (fullSyncRunning(first)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the full sync did not complete within 15 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            long nanos = System.nanoTime() - start;
            Load.Result last = during.get();
            System.out.printf("full sync of things-search over %,d events, with the load on: %.1f s%s%n", stored,
                    nanos / 1e9, last == null ? "" : "; " + last.describe());
            System.out.println("during the full sync: " + memory.describe());
        } finally {
            load.shutdownNow();
        }
    }

    private static boolean fullSyncRunning(Instance instance) throws IOException, InterruptedException {
        JsonNode task = instance.graphQl("{ syncTask(id: \"things-search\") { status fullSync { phase } } }")
                .path("syncTask");
        return task.hasNonNull("fullSync");
    }

    private static void print(List<Result> results, int clients, Duration measured) {
        Result one = results.get(0);
        System.out.printf("%nscaling: %d GraphQL clients for %d s per cluster size, a %d-segment Kafka task "
                + "publishing every event, on %d cores%n", clients, measured.toSeconds(), SEGMENTS,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| instances | commands/s | ratio | p50 ms | p99 ms | delivered/s | ratio | answer → record p50 ms "
                + "| p99 ms | peak heap MB | peak RSS MB |");
        for (Result result : results) {
            System.out.printf("| %d | %,.0f | %.2f | %.1f | %.1f | %,.0f | %.2f | %.1f | %.1f | %d | %d |%n",
                    result.instances(), result.commands().perSecond(),
                    result.commands().perSecond() / one.commands().perSecond(),
                    result.commands().latencyMicros().getValueAtPercentile(50) / 1000.0,
                    result.commands().latencyMicros().getValueAtPercentile(99) / 1000.0,
                    result.delivery().perSecond(), result.delivery().perSecond() / one.delivery().perSecond(),
                    result.delivery().latencyMillis(50), result.delivery().latencyMillis(99),
                    result.peakHeap() >> 20, result.peakResidentSet() >> 20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
