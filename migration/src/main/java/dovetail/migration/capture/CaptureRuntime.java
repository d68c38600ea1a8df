package dovetail.migration.capture;

import dovetail.domain.migration.CaptureStatus;
import dovetail.domain.migration.MigrationMode;
import dovetail.migration.legacy.AdvisoryLocks;
import dovetail.migration.legacy.LegacyProperties;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.steps.MigrationState;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs the capture from the legacy store while it is not retired. One instance at a time follows the table (it
 * holds a PostgreSQL advisory lock in Dovetail's database; a replication slot takes one reader only); the others
 * wait to take over. Logical replication is used where the legacy server has {@code wal_level=logical} (or when
 * {@code mode=logical}), polling otherwise. The legacy state topic, when configured, is read on every instance as
 * one consumer group. A failing source retries with back-off from its acknowledged position.
 */
@Component
@ConditionalOnProperty("dovetail.legacy.datasource.url")
public class CaptureRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaptureRuntime.class);
    private static final Duration MODE_CHECK = Duration.ofSeconds(2);

    private final LegacyStore store;
    private final LegacyProperties properties;
    private final DataSource dovetail;
    private final MigrationState state;
    private final CapturePositions positions;
    private final LegacyIds legacyIds;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final MeterRegistry meters;
    private final Environment environment;
    private final CaptureStats tableStats;
    private final CaptureStats kafkaStats = new CaptureStats(KafkaStateCapture.SOURCE);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long modeCheckedAt;
    private volatile boolean retired;

    CaptureRuntime(LegacyStore store, LegacyProperties properties, DataSource dovetail, JdbcTemplate jdbc,
                   MigrationState state, CommandGateway commands, QueryGateway queries, MeterRegistry meters,
                   Environment environment) {
        this.store = store;
        this.properties = properties;
        this.dovetail = dovetail;
        this.state = state;
        this.positions = new CapturePositions(jdbc);
        this.legacyIds = new LegacyIds(jdbc);
        this.commands = commands;
        this.queries = queries;
        this.meters = meters;
        this.environment = environment;
        this.tableStats = new CaptureStats(properties.capture().mode());
    }

    @Override
    public void start() {
        running = true;
        if (!"off".equals(properties.capture().mode())) {
            threads.add(thread("legacy-capture", this::followTable));
        }
        if (topicConfigured()) {
            String topic = properties.capture().kafkaTopic();
            threads.add(thread("legacy-capture-kafka", () -> followTopic(topic)));
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Capture stops before the application's own processors and gateways do. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    public List<CaptureStatus> statuses() {
        List<CaptureStatus> statuses = new ArrayList<>();
        if (!"off".equals(properties.capture().mode())) {
            statuses.add(tableStats.status());
        }
        if (!threads.isEmpty() && properties.capture().kafkaTopic() != null) {
            statuses.add(kafkaStats.status());
        }
        return statuses;
    }

    /**
     * Waits until everything committed in the legacy table, and everything published on the legacy state topic,
     * before this call is in the event store; all of it within {@code timeout}. Null when drained, else why not.
     */
    public String drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        LegacyTopicDrain topicDrain = topicConfigured() ? new LegacyTopicDrain(bootstrapServers(),
                properties.capture().kafkaTopic(), properties.capture().kafkaGroup()) : null;
        Map<TopicPartition, Long> topicEnds = Map.of();
        try {
            // the topic's ends as they are now, before the wait for the table
            topicEnds = topicDrain == null ? Map.of() : topicDrain.endOffsets(timeout);
        } catch (LegacyTopicDrain.DrainFailed failed) {
            return failed.getMessage();
        }
        if (!"off".equals(properties.capture().mode())) {
            try {
                CaptureLoop loop = loop();
                if (!loop.drain(left(deadline))) {
                    return "the " + loop.source() + " capture did not reach the legacy table's end within " + timeout;
                }
            } catch (Exception e) {
                return "the capture could not be drained: " + e.getMessage();
            }
        }
        return topicDrain == null ? null : topicDrain.awaitCommitted(topicEnds, left(deadline));
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private boolean topicConfigured() {
        String topic = properties.capture().kafkaTopic();
        return topic != null && !topic.isBlank();
    }

    private String bootstrapServers() {
        return environment.getProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
    }

    private void followTable() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            if (!keepCapturing()) {
                LockSupport.parkNanos(MODE_CHECK.toNanos());
                continue;
            }
            try (Connection lock = dovetail.getConnection()) {
                if (!AdvisoryLocks.tryLock(lock, AdvisoryLocks.CAPTURE)) {
                    tableStats.running(false);
                    LockSupport.parkNanos(MODE_CHECK.toNanos());
                    continue;
                }
                try {
                    CaptureLoop loop = loop();
                    tableStats.source(loop.source());
                    loop.prepare();
                    log.info("Capturing the {} by {}", store, loop.source());
                    tableStats.running(true);
                    loop.run(this::keepCapturing);
                    backoff = Duration.ofSeconds(1);
                } finally {
                    AdvisoryLocks.unlock(lock, AdvisoryLocks.CAPTURE);
                }
            } catch (Exception e) {
                tableStats.failed(e, Clock.systemUTC().instant());
                if (running) {
                    log.warn("Capture from the legacy store failed ({}); retrying in {} s", e.toString(),
                            backoff.toSeconds());
                    LockSupport.parkNanos(backoff.toNanos());
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                            ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
                }
            } finally {
                tableStats.running(false);
            }
        }
    }

    private void followTopic(String topic) {
        ChangeApplier applier = new ChangeApplier(commands, queries, meters, KafkaStateCapture.SOURCE,
                Clock.systemUTC());
        String servers = bootstrapServers();
        while (running) {
            try {
                kafkaStats.running(true);
                new KafkaStateCapture(servers, topic, properties.capture().kafkaGroup(), applier, kafkaStats)
                        .run(this::keepCapturing);
            } catch (Exception e) {
                kafkaStats.failed(e, Clock.systemUTC().instant());
                if (running) {
                    log.warn("Capture from the legacy state topic {} failed ({}); retrying", topic, e.toString());
                    LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
                }
            } finally {
                kafkaStats.running(false);
            }
            if (running && !keepCapturing()) {
                LockSupport.parkNanos(MODE_CHECK.toNanos());
            }
        }
    }

    private CaptureLoop loop() {
        String mode = properties.capture().mode();
        boolean logical = "logical".equals(mode) || ("auto".equals(mode) && "logical".equals(store.walLevel()));
        String source = logical ? LogicalReplicationCapture.SOURCE : PollingCapture.SOURCE;
        ChangeApplier applier = new ChangeApplier(commands, queries, meters, source, Clock.systemUTC());
        return logical
                ? new LogicalReplicationCapture(store, properties.capture(), applier, positions, tableStats)
                : new PollingCapture(store, properties.capture(), applier, positions, tableStats, legacyIds);
    }

    /** Running, and the legacy store not retired (read at most every two seconds). */
    private boolean keepCapturing() {
        if (!running) {
            return false;
        }
        long now = System.nanoTime();
        if (now - modeCheckedAt > MODE_CHECK.toNanos()) {
            try {
                retired = state.mode() == MigrationMode.LEGACY_RETIRED;
            } catch (RuntimeException unreadable) {
                log.debug("Could not read the migration mode", unreadable);
            }
            modeCheckedAt = now;
        }
        return !retired;
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
