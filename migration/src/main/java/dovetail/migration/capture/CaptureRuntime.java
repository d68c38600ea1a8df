package dovetail.migration.capture;

import dovetail.domain.migration.CaptureStatus;
import dovetail.domain.migration.MigrationMode;
import dovetail.migration.legacy.AdvisoryLocks;
import dovetail.migration.legacy.LegacyProperties;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.steps.MigrationState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs the capture from the legacy store while it is not retired. One instance at a time follows the table (it
 * holds a PostgreSQL advisory lock in Dovetail's database; a replication slot takes one reader only); the others
 * wait to take over. Logical replication is used where the legacy server has {@code wal_level=logical} (or when
 * {@code mode=logical}) and lets Dovetail replicate, polling otherwise; the source in use is recorded for every
 * instance. The legacy state topic, when configured, is read on every instance as one consumer group. A failing
 * source retries with back-off from its acknowledged position.
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
    private final Tracer tracer;
    private final Environment environment;
    private final CaptureStats tableStats;
    private final CaptureStats kafkaStats = new CaptureStats(KafkaStateCapture.SOURCE);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long modeCheckedAt;
    private volatile boolean retired;

    CaptureRuntime(LegacyStore store, LegacyProperties properties, DataSource dovetail, JdbcTemplate jdbc,
                   MigrationState state, CommandGateway commands, QueryGateway queries, MeterRegistry meters,
                   Environment environment, ObjectProvider<Tracer> tracer) {
        this.store = store;
        this.properties = properties;
        this.dovetail = dovetail;
        this.state = state;
        this.positions = new CapturePositions(jdbc);
        this.legacyIds = new LegacyIds(jdbc);
        this.commands = commands;
        this.queries = queries;
        this.meters = meters;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
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
            CaptureStatus table = tableStats.status();
            if (!table.running()) {
                // standing by: the source is the one the capturing instance chose
                Optional<CapturePositions.TableSource> chosen = positions.tableSource();
                if (chosen.isPresent()) {
                    table = new CaptureStatus(chosen.get().source(), false, table.position(), table.captured(),
                            table.ignored(), table.lagMillis(), table.lastError(), table.lastErrorAt(),
                            chosen.get().fallback(), table.refused(), table.lastRefusal(), table.lastRefusalAt());
                }
            }
            statuses.add(table);
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
                    CaptureLoop loop = prepared();
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
        ChangeApplier applier = applier(KafkaStateCapture.SOURCE);
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

    /**
     * The loop that follows the table, prepared, and recorded as the source for every instance: polling when so
     * configured, or under {@code auto} where {@code wal_level} is not logical; else logical replication, unless the
     * legacy server refuses it, in which case polling with a warning. Refused is not unreachable: a legacy server
     * that does not answer fails the attempt, which is retried. When polling followed the table before, it first
     * brings in what changed since its position (a slot made now holds only what changes from now on), and only
     * then gives its position up: a catch-up that fails is made again at the next attempt.
     */
    private CaptureLoop prepared() {
        String mode = properties.capture().mode();
        if ("polling".equals(mode)) {
            return chosen(polling(), null);
        }
        String walLevel = "auto".equals(mode) ? store.walLevel() : "logical";
        if (!"logical".equals(walLevel)) {
            return chosen(polling(), "wal_level is " + walLevel + ", not logical");
        }
        LogicalReplicationCapture logical = logical();
        try {
            logical.prepare();
        } catch (RuntimeException failed) {
            Optional<String> refusal = LogicalReplicationCapture.refusal(failed);
            if (refusal.isEmpty()) {
                throw failed;
            }
            log.warn("The legacy server refuses logical replication ({}); capturing the {} by polling instead. To "
                     + "capture by logical replication, the legacy user needs the REPLICATION attribute, ownership "
                     + "of the table and wal_level=logical; to choose polling, set dovetail.legacy.capture.mode=polling.{}",
                    refusal.get(), store, logical.slotExists()
                            ? " The replication slot " + properties.capture().slot() + " exists on the legacy server and "
                              + "keeps its WAL until it is dropped (pg_drop_replication_slot)."
                            : "");
            return chosen(polling(), "logical replication refused: " + refusal.get());
        }
        if (positions.get(PollingCapture.SOURCE).isPresent()) {
            log.info("Logical replication takes over from polling: catching up from polling's position first");
            polling().catchUp();
            positions.remove(PollingCapture.SOURCE);
        }
        return chosen(logical, null);
    }

    private CaptureLoop chosen(CaptureLoop loop, String fallback) {
        if (loop instanceof PollingCapture) {
            loop.prepare();
        }
        tableStats.source(loop.source(), fallback);
        positions.tableSource(new CapturePositions.TableSource(loop.source(), fallback));
        return loop;
    }

    /**
     * The loop that follows the table for a drain on any instance: the source the capturing instance recorded, or,
     * before any instance captured, the one the configuration points to.
     */
    private CaptureLoop loop() {
        Optional<CapturePositions.TableSource> recorded = positions.tableSource();
        if (recorded.isPresent()) {
            return LogicalReplicationCapture.SOURCE.equals(recorded.get().source()) ? logical() : polling();
        }
        String mode = properties.capture().mode();
        boolean logical = "logical".equals(mode) || ("auto".equals(mode) && "logical".equals(store.walLevel()));
        return logical ? logical() : polling();
    }

    private LogicalReplicationCapture logical() {
        return new LogicalReplicationCapture(store, properties.capture(), applier(LogicalReplicationCapture.SOURCE),
                positions, tableStats);
    }

    private PollingCapture polling() {
        return new PollingCapture(store, properties.capture(), applier(PollingCapture.SOURCE), positions, tableStats,
                legacyIds);
    }

    private ChangeApplier applier(String source) {
        return new ChangeApplier(commands, queries, meters, tracer, source, Clock.systemUTC());
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
