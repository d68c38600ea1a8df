package dovetail.embedded.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.kafka.KafkaReadiness;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresDatabases;
import dovetail.embedded.postgres.PostgresDatabases.DatabaseExistsException;
import dovetail.embedded.postgres.PostgresLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The engines of this test JVM, started once, in parallel, on first use. Each engine comes from, in this order:
 * a URL in the environment ({@code DOVETAIL_TEST_POSTGRES_URL} with {@code _USER} and {@code _PASSWORD},
 * {@code DOVETAIL_TEST_KAFKA_BOOTSTRAP_SERVERS}, {@code DOVETAIL_TEST_MEILISEARCH_URL} with {@code _API_KEY}),
 * a Testcontainers container when a Docker engine is reachable (unless {@code DOVETAIL_TEST_DOCKER=false}), or the
 * embedded launcher on free ports with temporary data. They stop when the JVM exits, after Spring Boot has closed
 * the test application contexts.
 */
public final class TestEngines {

    public static final String ENV_POSTGRES_URL = "DOVETAIL_TEST_POSTGRES_URL";
    public static final String ENV_KAFKA_BOOTSTRAP_SERVERS = "DOVETAIL_TEST_KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_MEILISEARCH_URL = "DOVETAIL_TEST_MEILISEARCH_URL";
    public static final String ENV_DOCKER = "DOVETAIL_TEST_DOCKER";

    private static final Logger log = LoggerFactory.getLogger(TestEngines.class);
    private static final Duration KAFKA_READINESS = Duration.ofSeconds(60);
    private static final Map<Class<?>, TestEndpoints> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, PostgresServer> OWN_POSTGRES = new ConcurrentHashMap<>();

    private static Servers servers;
    private static RuntimeException startFailure;

    private TestEngines() {
    }

    /**
     * The endpoints of a test class, with a database of its own created on first call. A {@code @Nested} class gets
     * those of the class that encloses it.
     */
    public static TestEndpoints endpointsFor(Class<?> testClass) {
        return BY_CLASS.computeIfAbsent(TestNamespace.owner(testClass), TestEngines::createFor);
    }

    /** A PostgreSQL server as a test reaches it: a URL to its default database, and a superuser. */
    public record PostgresServer(String jdbcUrl, String username, String password) {
    }

    /**
     * A PostgreSQL server (logical replication on) for this test class alone, started on first call and stopped with
     * the JVM, from a container where a Docker engine is reachable, else the embedded launcher. For a test that must
     * not share its server: creating a logical replication slot waits for every transaction running on the whole
     * server, and one shared by the suite always has some. Where PostgreSQL comes from the environment (a team's own
     * server, no second one to start) it is that server.
     */
    public static PostgresServer ownPostgresFor(Class<?> testClass) {
        return OWN_POSTGRES.computeIfAbsent(TestNamespace.owner(testClass), owner -> {
            Engine engine = startPostgres(dockerAvailable());
            if (engine.stop != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Servers.quietly(
                        "stop the PostgreSQL of " + owner.getSimpleName(), engine.stop::close),
                        "dovetail-test-postgres-stop"));
            }
            log.info("PostgreSQL of {} alone: {} ({})", owner.getSimpleName(), engine.url, engine.source);
            return new PostgresServer(engine.url, engine.username, engine.password);
        });
    }

    private static TestEndpoints createFor(Class<?> testClass) {
        Servers shared = servers();
        for (int attempt = 1; ; attempt++) {
            String namespace = TestNamespace.forClass(testClass);
            try {
                String jdbcUrl = PostgresDatabases.create(shared.postgres.url, shared.postgres.username,
                        shared.postgres.password, namespace);
                shared.databases.add(namespace);
                return new TestEndpoints(namespace, jdbcUrl, shared.postgres.username, shared.postgres.password,
                        shared.kafka.url, shared.meilisearch.url, shared.meilisearch.apiKey);
            } catch (DatabaseExistsException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static synchronized Servers servers() {
        if (servers == null && startFailure == null) {
            try {
                servers = Servers.start();
                // a plain JVM hook: Boot's shutdown handlers only run when some application registered Boot's
                // own hook, which test contexts do not, and the engines must not outlive the test JVM
                Servers started = servers;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dovetail-test-engines-stop"));
            } catch (RuntimeException e) {
                startFailure = e;
            }
        }
        if (startFailure != null) {
            throw new IllegalStateException("The test engines could not start: " + startFailure.getMessage(),
                    startFailure);
        }
        return servers;
    }

    /** One engine as the tests reach it; {@code stop} is null for a server we did not start. */
    private record Engine(String name, String source, String url, String username, String password, String apiKey,
                          AutoCloseable stop) {

        static Engine external(String name, String url, String username, String password, String apiKey) {
            return new Engine(name, "environment", url, username, password, apiKey, null);
        }
    }

    private static final class Servers {

        final Engine postgres;
        final Engine kafka;
        final Engine meilisearch;
        final Set<String> databases = ConcurrentHashMap.newKeySet();

        private Servers(Engine postgres, Engine kafka, Engine meilisearch) {
            this.postgres = postgres;
            this.kafka = kafka;
            this.meilisearch = meilisearch;
        }

        static Servers start() {
            boolean docker = dockerAvailable();
            // not the common pool: on a 2-core machine it runs one task at a time
            ExecutorService executor = Executors.newFixedThreadPool(3, task -> {
                Thread thread = new Thread(task, "dovetail-test-engines");
                thread.setDaemon(true);
                return thread;
            });
            CompletableFuture<Engine> postgres = CompletableFuture.supplyAsync(() -> startPostgres(docker), executor);
            CompletableFuture<Engine> kafka = CompletableFuture.supplyAsync(() -> startKafka(docker), executor);
            CompletableFuture<Engine> meilisearch =
                    CompletableFuture.supplyAsync(() -> startMeilisearch(docker), executor);
            CompletableFuture.allOf(postgres, kafka, meilisearch).exceptionally(failure -> null).join();
            executor.shutdown();
            List<Throwable> failures = new ArrayList<>();
            Servers started = new Servers(result(postgres, failures), result(kafka, failures),
                    result(meilisearch, failures));
            if (!failures.isEmpty()) {
                started.close();
                RuntimeException failure = failures.get(0) instanceof RuntimeException runtime
                        ? runtime : new IllegalStateException(failures.get(0));
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            log.info("Test engines: PostgreSQL {} ({}), Kafka {} ({}), Meilisearch {} ({})",
                    started.postgres.url, started.postgres.source, started.kafka.url, started.kafka.source,
                    started.meilisearch.url, started.meilisearch.source);
            return started;
        }

        private static Engine result(CompletableFuture<Engine> future, List<Throwable> failures) {
            try {
                return future.join();
            } catch (CompletionException e) {
                failures.add(e.getCause() != null ? e.getCause() : e);
                return null;
            }
        }

        /** Meilisearch, Kafka, PostgreSQL; never throws. */
        void close() {
            if (postgres != null && postgres.stop == null) {
                // a team's own server: leave it as we found it
                databases.forEach(database -> quietly("drop database " + database, () -> PostgresDatabases.drop(
                        postgres.url, postgres.username, postgres.password, database)));
            }
            for (Engine engine : new Engine[] {meilisearch, kafka, postgres}) {
                if (engine != null && engine.stop != null) {
                    quietly("stop " + engine.name, engine.stop::close);
                }
            }
        }

        private static void quietly(String what, ThrowingRunnable action) {
            try {
                action.run();
            } catch (Exception e) {
                log.warn("Could not {}", what, e);
            }
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Engine startPostgres(boolean docker) {
        String url = System.getenv(ENV_POSTGRES_URL);
        if (present(url)) {
            return Engine.external("PostgreSQL", url, env(ENV_POSTGRES_URL + "_USER", "postgres"),
                    env(ENV_POSTGRES_URL + "_PASSWORD", "postgres"), null);
        }
        if (docker) {
            PostgreSQLContainer<?> container = started(new PostgreSQLContainer<>(DockerImageName.parse("postgres:17"))
                    .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=64",
                            "-c", "max_wal_senders=64"));
            return new Engine("PostgreSQL", "Testcontainers", container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), null, container::stop);
        }
        PostgresLauncher launcher = PostgresLauncher.builder().logicalReplication().start();
        return new Engine("PostgreSQL", "embedded", launcher.jdbcUrl(), launcher.username(), launcher.password(),
                null, launcher);
    }

    private static Engine startKafka(boolean docker) {
        String bootstrapServers = System.getenv(ENV_KAFKA_BOOTSTRAP_SERVERS);
        if (present(bootstrapServers)) {
            return Engine.external("Kafka", bootstrapServers, null, null, null);
        }
        if (docker) {
            KafkaContainer container = started(new KafkaContainer(DockerImageName.parse("apache/kafka:3.9.1"))
                    .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "1"));
            KafkaReadiness.awaitGroupCoordinator(container.getBootstrapServers(), KAFKA_READINESS);
            return new Engine("Kafka", "Testcontainers", container.getBootstrapServers(), null, null, null,
                    container::stop);
        }
        KafkaLauncher launcher = KafkaLauncher.builder().readinessTimeout(KAFKA_READINESS).start();
        return new Engine("Kafka", "embedded", launcher.bootstrapServers(), null, null, null, launcher);
    }

    private static Engine startMeilisearch(boolean docker) {
        String url = System.getenv(ENV_MEILISEARCH_URL);
        if (present(url)) {
            return Engine.external("Meilisearch", url, null, null, System.getenv(ENV_MEILISEARCH_URL + "_API_KEY"));
        }
        if (docker) {
            GenericContainer<?> container = started(new GenericContainer<>(
                    DockerImageName.parse("getmeili/meilisearch:v" + MeilisearchLauncher.VERSION))
                    .withExposedPorts(7700)
                    .withEnv("MEILI_ENV", "development")
                    .withEnv("MEILI_NO_ANALYTICS", "true")
                    .withEnv("MEILI_MAX_INDEXING_MEMORY", "256MiB")
                    .waitingFor(Wait.forHttp("/health").forStatusCode(200)));
            return new Engine("Meilisearch", "Testcontainers",
                    "http://" + container.getHost() + ":" + container.getMappedPort(7700), null, null, null,
                    container::stop);
        }
        MeilisearchLauncher launcher = MeilisearchLauncher.builder().start();
        return new Engine("Meilisearch", "embedded", launcher.url(), null, null, launcher.masterKey(), launcher);
    }

    private static <C extends GenericContainer<?>> C started(C container) {
        container.start();
        return container;
    }

    private static boolean dockerAvailable() {
        boolean allExternal = present(System.getenv(ENV_POSTGRES_URL))
                && present(System.getenv(ENV_KAFKA_BOOTSTRAP_SERVERS))
                && present(System.getenv(ENV_MEILISEARCH_URL));
        if (allExternal || "false".equalsIgnoreCase(System.getenv(ENV_DOCKER))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("No Docker engine", e);
            return false;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return present(value) ? value : fallback;
    }
}
