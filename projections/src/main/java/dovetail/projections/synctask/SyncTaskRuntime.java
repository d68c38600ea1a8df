package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskDeleted;
import dovetail.domain.synctask.SyncTaskPaused;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskResumed;
import dovetail.projections.processing.Instances;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's task processors in line with the tasks' recorded state: every instance reads the
 * {@code sync_task} table (the event store is the broadcast) and starts, restarts (new definition), pauses or
 * removes its own processor for each task. No restart of Dovetail is needed to add a task; a task resumes from
 * its stored token after a restart; several instances share each task's segments through the token store.
 */
@Component
@ProcessingGroup(SyncTaskTable.PROCESSING_GROUP)
class SyncTaskRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncTaskRuntime.class);
    private static final Duration START_RETRY = Duration.ofSeconds(5);

    private final SyncTaskTable table;
    private final List<SinkFactory> sinks;
    private final LiveEventSource events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final SyncTaskProperties properties;
    private final Instances instances;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, SyncTaskRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, TaskMonitor> monitors = new ConcurrentHashMap<>();
    private final Map<String, Instant> startFailedAt = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService reconciler;

    SyncTaskRuntime(SyncTaskTable table, List<SinkFactory> sinks, LiveEventSource events, TokenStore tokens,
                    TransactionManager transactions, JdbcTemplate jdbc, ObjectProvider<MeterRegistry> meters,
                    SyncTaskProperties properties, Instances instances) {
        this.instances = instances;
        this.table = table;
        this.sinks = sinks;
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.properties = properties;
    }

    @Override
    public void start() {
        reconciler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sync-task-runtime");
            thread.setDaemon(true);
            return thread;
        });
        reconciler.scheduleWithFixedDelay(this::reconcileSafely, 0,
                properties.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = reconciler;
        reconciler = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runners.keySet().forEach(this::stopRunner);
        instances.leave();
    }

    @Override
    public boolean isRunning() {
        return reconciler != null;
    }

    // a task changed here: follow it right after the change commits instead of at the next poll
    @EventHandler
    void on(SyncTaskCreated event) {
        reconcileAfterCommit();
    }

    @EventHandler
    void on(SyncTaskReconfigured event) {
        reconcileAfterCommit();
    }

    @EventHandler
    void on(SyncTaskPaused event) {
        reconcileAfterCommit();
    }

    @EventHandler
    void on(SyncTaskResumed event) {
        reconcileAfterCommit();
    }

    @EventHandler
    void on(SyncTaskDeleted event) {
        reconcileAfterCommit();
    }

    Optional<TaskMonitor> monitor(String taskId) {
        return Optional.ofNullable(monitors.get(taskId));
    }


    private void reconcileAfterCommit() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(committed -> {
            ScheduledExecutorService executor = reconciler;
            if (executor != null) {
                executor.execute(this::reconcileSafely);
            }
        }));
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Could not bring sync tasks in line with their configuration; retrying", e);
        }
    }

    private synchronized void reconcile() {
        if (reconciler == null) {
            return;
        }
        instances.heartbeat();
        Set<String> known = new HashSet<>();
        for (SyncTaskTable.Row row : table.all()) {
            known.add(row.id());
            SyncTaskRunner current = runners.get(row.id());
            if (row.deleted()) {
                if (current != null || monitors.containsKey(row.id())) {
                    stopRunner(row.id());
                    TaskMonitor monitor = monitors.remove(row.id());
                    if (monitor != null) {
                        monitor.close();
                    }
                    jdbc.update("delete from token_entry where processor_name = ?",
                            SyncTaskRunner.processorName(row.id()));
                }
            } else if (row.paused()) {
                if (current != null) {
                    stopRunner(row.id());
                    log.info("Sync task {} paused", row.id());
                }
            } else if (current == null || current.revision() != row.revision()) {
                if (current != null) {
                    stopRunner(row.id());
                }
                startRunner(row);
            }
        }
        runners.keySet().stream().filter(id -> !known.contains(id)).toList().forEach(this::stopRunner);
    }

    private void startRunner(SyncTaskTable.Row row) {
        Instant failedAt = startFailedAt.get(row.id());
        if (failedAt != null && failedAt.plus(START_RETRY).isAfter(clock.instant())) {
            return;
        }
        TaskMonitor monitor = monitors.computeIfAbsent(row.id(), id -> new TaskMonitor(id, meters, clock));
        Sink sink = sinkFor(row.id(), row.definition());
        SyncTaskRunner runner = new SyncTaskRunner(row.id(), row.revision(), row.definition(), sink, monitor, events.scoped(),
                tokens, transactions, instances::live);
        try {
            runner.start();
            runners.put(row.id(), runner);
            startFailedAt.remove(row.id());
        } catch (RuntimeException e) {
            monitor.failed(e);
            startFailedAt.put(row.id(), clock.instant());
            log.warn("Sync task {} could not start ({}); retrying in {} s", row.id(), monitor.lastError(),
                    START_RETRY.toSeconds());
            runner.close();
        }
    }

    private Sink sinkFor(String taskId, SyncTaskDefinition definition) {
        return sinks.stream().map(factory -> factory.create(taskId, definition)).flatMap(Optional::stream)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No sink for task " + taskId + " of kind "
                                                                 + definition.sink().type()));
    }

    private void stopRunner(String taskId) {
        SyncTaskRunner runner = runners.remove(taskId);
        if (runner != null) {
            runner.close();
        }
    }
}
