package dovetail.projections.synctask;

import dovetail.domain.synctask.FullSync;
import dovetail.domain.synctask.SyncTaskEvent;
import dovetail.projections.processing.Instances;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's task processors in line with the tasks' recorded state: every instance reads the
 * {@code sync_task} table (the event store is the broadcast) and starts, restarts (new definition), pauses or
 * removes its own processors for each task ({@link TaskRunners}), and moves each task's full sync on by its phase
 * ({@link FullSyncCopies} while {@code BUILDING}, {@link FullSyncHandOver} at {@code HANDOVER} and after
 * {@code COMPLETED}). No restart of Dovetail is needed to add a task; a task resumes from its stored position after
 * a restart; several instances share each task's segments through the token store.
 */
@Component
@ProcessingGroup(SyncTaskTable.PROCESSING_GROUP)
class SyncTaskRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncTaskRuntime.class);

    private final SyncTaskTable table;
    private final TaskRunners runners;
    private final FullSyncCopies copies;
    private final FullSyncHandOver handOver;
    private final DeletedTasks deleted;
    private final TaskMonitors monitors;
    private final Instances instances;
    private final SyncTaskProperties properties;
    private final ShutdownProperties shutdown;
    private volatile ScheduledExecutorService reconciler;

    SyncTaskRuntime(SyncTaskTable table, TaskRunners runners, FullSyncCopies copies, FullSyncHandOver handOver,
                    DeletedTasks deleted, TaskMonitors monitors, Instances instances, SyncTaskProperties properties,
                    ShutdownProperties shutdown) {
        this.table = table;
        this.runners = runners;
        this.copies = copies;
        this.handOver = handOver;
        this.deleted = deleted;
        this.monitors = monitors;
        this.instances = instances;
        this.properties = properties;
        this.shutdown = shutdown;
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
        long deadline = System.nanoTime() + shutdown.timeout().toNanos();
        ScheduledExecutorService executor = reconciler;
        reconciler = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(shutdown.timeout().toMillis() / 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Runnable> stops = new LinkedHashMap<>();
        runners.taskIds().forEach(taskId -> stops.put(taskId, () -> runners.stop(taskId)));
        copies.taskIds().forEach(taskId -> stops.put(taskId + "/full-sync", () -> copies.stop(taskId)));
        BoundedStop.run(stops, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        instances.leave();
    }

    @Override
    public boolean isRunning() {
        return reconciler != null;
    }

    /** A task changed here: follow it right after the change commits instead of at the next poll. */
    @EventHandler
    void on(SyncTaskEvent event) {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(committed -> reconcileSoon()));
    }

    private void reconcileSoon() {
        ScheduledExecutorService executor = reconciler;
        if (executor != null) {
            try {
                executor.execute(this::reconcileSafely);
            } catch (RejectedExecutionException stopping) {
                // shutting down
            }
        }
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
        List<SyncTaskTable.Row> rows = table.all();
        for (SyncTaskTable.Row row : rows) {
            known.add(row.id());
            if (row.deleted()) {
                if (runners.running(row.id()) || monitors.has(row.id())) {
                    runners.stop(row.id());
                    copies.stop(row.id());
                    monitors.close(row.id());
                    deleted.forget(row);
                }
                deleted.dropLive(row, rows);
            } else if (row.paused()) {
                copies.stop(row.id());
                if (runners.running(row.id())) {
                    runners.stop(row.id());
                    log.info("Sync task {} paused", row.id());
                }
            } else if (row.in(FullSync.Phase.HANDOVER)) {
                copies.stop(row.id());
                runners.stop(row.id());
                handOver.handOver(row, reconciler);
            } else {
                runners.start(row);
                if (row.in(FullSync.Phase.BUILDING)) {
                    copies.follow(row, this::reconcileSoon);
                } else {
                    copies.stop(row.id());
                    if (row.in(FullSync.Phase.COMPLETED)) {
                        handOver.dropOldCopy(row);
                    }
                }
            }
        }
        runners.taskIds().stream().filter(id -> !known.contains(id)).forEach(runners::stop);
        copies.taskIds().stream().filter(id -> !known.contains(id)).forEach(copies::stop);
    }
}
