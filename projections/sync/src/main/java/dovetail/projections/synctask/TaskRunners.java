package dovetail.projections.synctask;

import dovetail.projections.processing.Instances;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The live processors this instance runs: one per target of each task, each started on its own, so a target whose
 * engine is down keeps retrying while the others deliver. A runner of an older revision of its task, or of a target
 * the task no longer has, is stopped.
 */
@Component
class TaskRunners {

    private static final Logger log = LoggerFactory.getLogger(TaskRunners.class);
    private static final Duration START_RETRY = Duration.ofSeconds(5);

    /** By task, then by processor. */
    private final Map<String, Map<String, SyncTaskRunner>> runners = new ConcurrentHashMap<>();
    private final Map<String, Instant> startFailedAt = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final SinkKinds kinds;
    private final TaskMonitors monitors;
    private final LiveEventSource events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final Instances instances;
    private final DeadLetterQueues deadLetters;
    private final SyncTaskProperties properties;

    TaskRunners(SinkKinds kinds, TaskMonitors monitors, LiveEventSource events, TokenStore tokens,
                TransactionManager transactions, Instances instances, DeadLetterQueues deadLetters,
                SyncTaskProperties properties) {
        this.kinds = kinds;
        this.monitors = monitors;
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.instances = instances;
        this.deadLetters = deadLetters;
        this.properties = properties;
    }

    /** Runs a processor for each of the task's targets, by the task's current revision. */
    void start(SyncTaskTable.Row row) {
        Map<String, SyncTaskRunner> current = runners.computeIfAbsent(row.id(), id -> new ConcurrentHashMap<>());
        Set<String> wanted = new HashSet<>();
        kinds.names(row.definition()).forEach(name -> wanted.add(TaskTarget.processorName(row.id(), name)));
        current.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey()) && entry.getValue().revision() == row.revision()) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
        if (current.keySet().containsAll(wanted)) {
            return;
        }
        for (TaskTarget target : kinds.open(row.id(), row.definition(), row.liveLocation())) {
            if (current.containsKey(target.processor(row.id()))) {
                target.sink().close();
            } else {
                start(row, target, current);
            }
        }
    }

    private void start(SyncTaskTable.Row row, TaskTarget target, Map<String, SyncTaskRunner> current) {
        String name = target.processor(row.id());
        Instant failedAt = startFailedAt.get(name);
        if (failedAt != null && failedAt.plus(START_RETRY).isAfter(clock.instant())) {
            target.sink().close();
            return;
        }
        TaskMonitor monitor = monitors.of(row.id(), target.name());
        SyncTaskRunner runner = new SyncTaskRunner(row.id(), name, row.revision(), row.definition(),
                target.sink(), monitor, events.scoped(), tokens, transactions, instances::live,
                deadLetters.of(name), properties);
        try {
            runner.start();
            current.put(name, runner);
            startFailedAt.remove(name);
        } catch (RuntimeException e) {
            monitor.failed(e);
            startFailedAt.put(name, clock.instant());
            log.warn("Sync task {} could not start {} ({}); retrying in {} s", row.id(), name, monitor.lastError(),
                    START_RETRY.toSeconds());
            runner.close();
        }
    }

    boolean running(String taskId) {
        return !runners.getOrDefault(taskId, Map.of()).isEmpty();
    }

    /** The tasks this instance runs processors for. */
    List<String> taskIds() {
        return List.copyOf(runners.keySet());
    }

    void stop(String taskId) {
        Map<String, SyncTaskRunner> stopped = runners.remove(taskId);
        if (stopped != null) {
            stopped.values().forEach(SyncTaskRunner::close);
        }
    }
}
