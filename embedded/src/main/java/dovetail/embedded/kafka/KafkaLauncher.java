package dovetail.embedded.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM, listening on
 * 127.0.0.1 only. Its logs live in a temporary directory that the broker deletes when it stops; one left behind by
 * a process killed with -9 is deleted at the next start (see {@link BrokerDirectories}).
 */
public final class KafkaLauncher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaLauncher.class);
    private static final Object EXIT_HOOKS = new Object();

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;
    private final List<Runnable> deferredExitHooks;
    private final boolean fixedPort;

    private KafkaLauncher(EmbeddedKafkaKraftBroker broker, String bootstrapServers, List<Runnable> deferredExitHooks,
                          boolean fixedPort) {
        this.broker = broker;
        this.fixedPort = fixedPort;
        this.bootstrapServers = bootstrapServers;
        this.deferredExitHooks = deferredExitHooks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The temporary directory that holds the broker's logs while it runs. */
    public Path logDirectory() {
        return Path.of(broker.getCluster().nodes().baseDirectory());
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int port() {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    /**
     * Stops serving clients, as an outage would: the broker shuts down and its port closes, while its data and the
     * KRaft controller stay, so {@link #startBroker()} brings the same topics and records back on the same port.
     * Only a launcher started on a fixed {@link Builder#port(int) port} can be stopped: with a random one, clients
     * could not find the broker again.
     */
    public void stopBroker() {
        if (!fixedPort) {
            throw new IllegalStateException("Only a broker on a fixed port can be stopped and started again");
        }
        broker.getCluster().brokers().values().forEach(server -> {
            server.shutdown();
            server.awaitShutdown();
        });
        log.debug("Stopped the broker of {}", this);
    }

    /** Starts the broker stopped by {@link #stopBroker()} and waits until it serves consumer groups again. */
    public void startBroker() {
        broker.getCluster().brokers().values().forEach(server -> server.startup());
        KafkaReadiness.awaitGroupCoordinator(bootstrapServers, Duration.ofSeconds(60));
        log.debug("Started the broker of {} again", this);
    }

    /** Stops the broker, which deletes its log directories. */
    @Override
    public void close() {
        try {
            broker.destroy();
        } finally {
            deferredExitHooks.forEach(Runnable::run);
        }
    }

    @Override
    public String toString() {
        return "Kafka at " + bootstrapServers;
    }

    public static final class Builder {

        private int port;
        private Duration readinessTimeout = Duration.ofSeconds(60);
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
            // a single node: internal topics cannot be replicated, and one offsets partition is ready fastest
            brokerProperties.put("offsets.topic.num.partitions", "1");
            brokerProperties.put("offsets.topic.replication.factor", "1");
            brokerProperties.put("transaction.state.log.replication.factor", "1");
            brokerProperties.put("transaction.state.log.min.isr", "1");
            brokerProperties.put("auto.create.topics.enable", "true");
            brokerProperties.put("group.initial.rebalance.delay.ms", "0");
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** How long to wait, after start, for the group coordinator to answer. */
        public Builder readinessTimeout(Duration readinessTimeout) {
            this.readinessTimeout = Objects.requireNonNull(readinessTimeout);
            return this;
        }

        /** Any broker setting; overrides the defaults above. */
        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(name, value);
            return this;
        }

        public KafkaLauncher start() {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            // otherwise it publishes itself as the system property spring.kafka.bootstrap-servers
            broker.brokerListProperty(null);
            broker.brokerProperties(brokerProperties);
            // the test kit only offers random ports on localhost; it keeps a listeners setting given to it
            broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0");
            List<Runnable> deferredExitHooks = new ArrayList<>();
            BrokerDirectories.deleteStale(Path.of(System.getProperty("java.io.tmpdir")));
            try {
                synchronized (EXIT_HOOKS) {
                    // The test kit registers JVM shutdown hooks that delete its log directories; running at exit
                    // beside our ordered shutdown, they pull the files from under a broker that is still stopping.
                    // Its close() deletes them anyway: run the hooks after it instead.
                    Exit.setShutdownHookAdder((name, hook) -> deferredExitHooks.add(hook));
                    try {
                        broker.afterPropertiesSet();
                    } finally {
                        Exit.resetShutdownHookAdder();
                    }
                }
                BrokerDirectories.mark(Path.of(broker.getCluster().nodes().baseDirectory()));
                String bootstrapServers = "127.0.0.1:" + boundPort(broker.getBrokersAsString());
                KafkaReadiness.awaitGroupCoordinator(bootstrapServers, readinessTimeout);
                KafkaLauncher launcher = new KafkaLauncher(broker, bootstrapServers, deferredExitHooks, port != 0);
                log.debug("Started {}", launcher);
                return launcher;
            } catch (RuntimeException e) {
                try {
                    broker.destroy();
                    deferredExitHooks.forEach(Runnable::run);
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                throw new IllegalStateException("Could not start Kafka" + (port == 0 ? "" : " on port " + port)
                        + ": " + e.getMessage(), e);
            }
        }

        private static String boundPort(String brokers) {
            String first = brokers.split(",")[0].trim();
            return first.substring(first.lastIndexOf(':') + 1);
        }
    }
}
