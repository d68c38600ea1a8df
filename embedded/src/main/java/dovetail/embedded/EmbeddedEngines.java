package dovetail.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a chosen set of engines in parallel and stops them in reverse order. If one engine fails to start, the
 * others are stopped and the failure is thrown.
 */
public final class EmbeddedEngines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedEngines.class);

    private final PostgresLauncher postgres;
    private final KafkaLauncher kafka;
    private final MeilisearchLauncher meilisearch;
    private final Map<String, MeilisearchLauncher> meilisearchInstances;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedEngines(PostgresLauncher postgres, KafkaLauncher kafka, MeilisearchLauncher meilisearch,
                            Map<String, MeilisearchLauncher> meilisearchInstances) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.meilisearch = meilisearch;
        this.meilisearchInstances = meilisearchInstances;
    }

    public static Builder builder() {
        return new Builder();
    }

    public EngineEndpoints endpoints() {
        return new EngineEndpoints(
                postgres == null ? null : postgres.jdbcUrl(),
                postgres == null ? null : postgres.username(),
                postgres == null ? null : postgres.password(),
                kafka == null ? null : kafka.bootstrapServers(),
                meilisearch == null ? null : meilisearch.url(),
                meilisearch == null ? null : meilisearch.masterKey(),
                urls(meilisearchInstances));
    }

    private static Map<String, String> urls(Map<String, MeilisearchLauncher> instances) {
        Map<String, String> urls = new LinkedHashMap<>();
        instances.forEach((name, launcher) -> {
            if (launcher != null) {
                urls.put(name, launcher.url());
            }
        });
        return urls;
    }

    /** The further, named Meilisearch instances, by name. */
    public Map<String, MeilisearchLauncher> meilisearchInstances() {
        return java.util.Collections.unmodifiableMap(meilisearchInstances);
    }

    public Optional<PostgresLauncher> postgres() {
        return Optional.ofNullable(postgres);
    }

    public Optional<KafkaLauncher> kafka() {
        return Optional.ofNullable(kafka);
    }

    public Optional<MeilisearchLauncher> meilisearch() {
        return Optional.ofNullable(meilisearch);
    }

    /** Stops Meilisearch, Kafka, then PostgreSQL; logs failures instead of throwing. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            meilisearchInstances.values().forEach(EmbeddedEngines::stopQuietly);
            stopQuietly(meilisearch);
            stopQuietly(kafka);
            stopQuietly(postgres);
        }
    }

    private static void stopQuietly(AutoCloseable engine) {
        if (engine == null) {
            return;
        }
        try {
            engine.close();
        } catch (Exception e) {
            log.warn("Could not stop {}", engine, e);
        }
    }

    public static final class Builder {

        private PostgresLauncher.Builder postgres;
        private KafkaLauncher.Builder kafka;
        private MeilisearchLauncher.Builder meilisearch;
        private final Map<String, MeilisearchLauncher.Builder> meilisearchInstances = new LinkedHashMap<>();

        private Builder() {
        }

        /** A further Meilisearch instance, started beside the first one, for sharded or replicated search. */
        public Builder meilisearchInstance(String name, MeilisearchLauncher.Builder instance) {
            meilisearchInstances.put(name, instance);
            return this;
        }

        public Builder postgres(PostgresLauncher.Builder postgres) {
            this.postgres = postgres;
            return this;
        }

        public Builder kafka(KafkaLauncher.Builder kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder meilisearch(MeilisearchLauncher.Builder meilisearch) {
            this.meilisearch = meilisearch;
            return this;
        }

        public EmbeddedEngines start() {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(3 + meilisearchInstances.size(), task -> {
                Thread thread = new Thread(task, "dovetail-engine-start-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            try {
                CompletableFuture<PostgresLauncher> pg = startAsync(postgres == null ? null : postgres::start, executor);
                CompletableFuture<KafkaLauncher> kf = startAsync(kafka == null ? null : kafka::start, executor);
                CompletableFuture<MeilisearchLauncher> ms =
                        startAsync(meilisearch == null ? null : meilisearch::start, executor);
                // wait for all, so nothing is left starting behind a failure
                Map<String, CompletableFuture<MeilisearchLauncher>> others = new LinkedHashMap<>();
                meilisearchInstances.forEach((name, instance) ->
                        others.put(name, startAsync(instance::start, executor)));
                List<CompletableFuture<?>> all = new ArrayList<>(List.of(pg, kf, ms));
                all.addAll(others.values());
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
                List<Throwable> failures = new ArrayList<>();
                PostgresLauncher startedPostgres = result(pg, failures);
                KafkaLauncher startedKafka = result(kf, failures);
                MeilisearchLauncher startedMeilisearch = result(ms, failures);
                Map<String, MeilisearchLauncher> startedOthers = new LinkedHashMap<>();
                others.forEach((name, future) -> startedOthers.put(name, result(future, failures)));
                EmbeddedEngines engines = new EmbeddedEngines(startedPostgres, startedKafka, startedMeilisearch,
                        startedOthers);
                if (!failures.isEmpty()) {
                    engines.close();
                    IllegalStateException failure = new IllegalStateException(
                            "Could not start the engines: " + failures.get(0).getMessage(), failures.get(0));
                    failures.stream().skip(1).forEach(failure::addSuppressed);
                    throw failure;
                }
                return engines;
            } finally {
                executor.shutdown();
            }
        }

        private static <T> CompletableFuture<T> startAsync(Supplier<T> start, ExecutorService executor) {
            return start == null ? CompletableFuture.completedFuture(null) : CompletableFuture.supplyAsync(start, executor);
        }

        private static <T> T result(CompletableFuture<T> future, List<Throwable> failures) {
            try {
                return future.join();
            } catch (CompletionException e) {
                failures.add(e.getCause() != null ? e.getCause() : e);
                return null;
            }
        }
    }
}
