package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.CompleteFullSync;
import dovetail.domain.synctask.MarkFullSyncCaughtUp;
import dovetail.domain.synctask.SyncTaskDeleted;
import dovetail.domain.synctask.SyncTaskFullSyncCaughtUp;
import dovetail.domain.synctask.SyncTaskFullSyncCompleted;
import dovetail.domain.synctask.SyncTaskFullSyncRequested;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
    private final DeadLetterQueues deadLetters;
    private final TaskPositions positions;
    private final CommandGateway commands;
    private final Map<String, SyncTaskRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    private final Set<String> droppedCopies = ConcurrentHashMap.newKeySet();
    private final Map<String, TaskMonitor> monitors = new ConcurrentHashMap<>();
    private final Map<String, Instant> startFailedAt = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService reconciler;

    SyncTaskRuntime(SyncTaskTable table, List<SinkFactory> sinks, LiveEventSource events, TokenStore tokens,
                    TransactionManager transactions, JdbcTemplate jdbc, ObjectProvider<MeterRegistry> meters,
                    SyncTaskProperties properties, Instances instances, DeadLetterQueues deadLetters,
                    TaskPositions positions, CommandGateway commands) {
        this.instances = instances;
        this.deadLetters = deadLetters;
        this.positions = positions;
        this.commands = commands;
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
        rebuilds.keySet().forEach(this::stopRebuild);
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

    @EventHandler
    void on(SyncTaskFullSyncRequested event) {
        reconcileAfterCommit();
    }

    @EventHandler
    void on(SyncTaskFullSyncCaughtUp event) {
        reconcileAfterCommit();
    }

    @EventHandler
    void on(SyncTaskFullSyncCompleted event) {
        reconcileAfterCommit();
    }

    Optional<TaskMonitor> monitor(String taskId) {
        return Optional.ofNullable(monitors.get(taskId));
    }


    /**
     * Delivers the parked events of up to {@code limit} Things of the task again, through its definition as
     * recorded now (so a fix made with {@code updateSyncTask} applies at once, whichever instance runs the task).
     * Empty while the task is paused or being handed over after a full sync.
     */
    Optional<int[]> reprocess(String taskId, int limit) {
        Optional<SyncTaskTable.Row> row = table.find(taskId);
        if (row.isEmpty() || row.get().paused() || row.get().handingOver()) {
            return Optional.empty();
        }
        TaskMonitor monitor = monitors.computeIfAbsent(taskId, id -> new TaskMonitor(id, meters, clock));
        try (Sink sink = sinkFor(taskId, row.get().definition())) {
            sink.prepare();
            return Optional.of(new TaskDelivery(taskId, row.get().definition(), sink, monitor,
                    deadLetters.of(SyncTaskRunner.processorName(taskId))).reprocess(limit));
        }
    }

    private void reconcileAfterCommit() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(committed -> reconcileSoon()));
    }

    private void reconcileSoon() {
        ScheduledExecutorService executor = reconciler;
        if (executor != null) {
            try {
                executor.execute(this::reconcileSafely);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
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
        for (SyncTaskTable.Row row : table.all()) {
            known.add(row.id());
            SyncTaskRunner current = runners.get(row.id());
            if (row.deleted()) {
                if (current != null || monitors.containsKey(row.id())) {
                    stopRunner(row.id());
                    stopRebuild(row.id());
                    TaskMonitor monitor = monitors.remove(row.id());
                    if (monitor != null) {
                        monitor.close();
                    }
                    forget(row);
                }
            } else if (row.paused()) {
                stopRebuild(row.id());
                if (current != null) {
                    stopRunner(row.id());
                    log.info("Sync task {} paused", row.id());
                }
            } else if (row.handingOver()) {
                stopRebuild(row.id());
                stopRunner(row.id());
                handOverSafely(row);
            } else {
                if (current == null || current.revision() != row.revision()) {
                    if (current != null) {
                        stopRunner(row.id());
                    }
                    startRunner(row);
                }
                if (row.building()) {
                    followRebuild(row);
                } else {
                    stopRebuild(row.id());
                    if (row.rebuildGeneration() != null
                        && !droppedCopies.contains(row.id() + "/" + row.rebuildGeneration())) {
                        dropOldCopy(row, row.rebuildGeneration());
                    }
                }
            }
        }
        runners.keySet().stream().filter(id -> !known.contains(id)).toList().forEach(this::stopRunner);
        rebuilds.keySet().stream().filter(id -> !known.contains(id)).toList().forEach(this::stopRebuild);
    }

    private void startRunner(SyncTaskTable.Row row) {
        Instant failedAt = startFailedAt.get(row.id());
        if (failedAt != null && failedAt.plus(START_RETRY).isAfter(clock.instant())) {
            return;
        }
        TaskMonitor monitor = monitors.computeIfAbsent(row.id(), id -> new TaskMonitor(id, meters, clock));
        String name = SyncTaskRunner.processorName(row.id());
        SyncTaskRunner runner = new SyncTaskRunner(row.id(), name, row.revision(), row.definition(),
                sinkFor(row.id(), row.definition()), monitor, events.scoped(), tokens, transactions, instances::live,
                deadLetters.of(name), properties.catchUpLag(), properties.catchUpBatchLimit());
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

    /**
     * A full sync builds a fresh copy with its own reader from the first event; once the copy is within a batch
     * of the head, the task is marked caught up and every instance stops it for the hand-over. A sink without
     * copies (replayed in place) is caught up at once.
     */
    private void followRebuild(SyncTaskTable.Row row) {
        long generation = row.rebuildGeneration();
        if (!hasCopies(row)) {
            markCaughtUp(row);
            return;
        }
        Rebuild current = rebuilds.get(row.id());
        if (current == null || current.generation() != generation) {
            if (current != null) {
                stopRebuild(row.id());
            }
            String name = SyncTaskRunner.rebuildProcessorName(row.id(), generation);
            TaskMonitor monitor = new TaskMonitor(row.id() + "/rebuild", meters, clock);
            Sink copy = copyOf(row);
            HistoryReader builder = HistoryReader.following(row.id(), name, properties.catchUpBatchLimit(), row.definition(),
                    new TaskDelivery(row.id(), row.definition(), copy, monitor, deadLetters.of(name)), monitor,
                    events.scoped(), tokens, transactions, this::reconcileSoon);
            try {
                copy.prepare();
                builder.start();
                rebuilds.put(row.id(), new Rebuild(generation, builder, copy, monitor));
            } catch (RuntimeException e) {
                monitors.computeIfAbsent(row.id(), id -> new TaskMonitor(id, meters, clock)).failed(e);
                log.warn("Full sync {} of sync task {} could not start ({}); retrying", generation, row.id(),
                        e.toString());
                builder.close();
                copy.close();
                monitor.close();
                return;
            }
        }
        try (Sink copySink = copyOf(row)) {
            TaskPositions.Progress progress = positions.of(row);
            if (progress.complete() && progress.lag() <= row.definition().options().batchSize()
                && copySink.settled()) {
                markCaughtUp(row);
            }
        }
    }

    private boolean hasCopies(SyncTaskTable.Row row) {
        try (Sink live = sinkFor(row.id(), row.definition())) {
            Optional<Sink> copy = live.rebuildCopy(row.rebuildGeneration());
            copy.ifPresent(Sink::close);
            return copy.isPresent();
        }
    }

    /** A sink on the copy of the running full sync (the caller closes it). */
    private Sink copyOf(SyncTaskTable.Row row) {
        try (Sink live = sinkFor(row.id(), row.definition())) {
            return live.rebuildCopy(row.rebuildGeneration()).orElseThrow();
        }
    }

    private void markCaughtUp(SyncTaskTable.Row row) {
        log.info("Full sync {} of sync task {} caught up; handing over", row.rebuildGeneration(), row.id());
        commands.sendAndWait(new MarkFullSyncCaughtUp(row.id(), row.rebuildGeneration()));
    }

    private void handOverSafely(SyncTaskTable.Row row) {
        try {
            handOver(row);
        } catch (RuntimeException e) {
            monitors.computeIfAbsent(row.id(), id -> new TaskMonitor(id, meters, clock)).failed(e);
            log.warn("Full sync {} of sync task {} could not be handed over yet ({}); retrying", row.rebuildGeneration(),
                    row.id(), e.toString());
        }
    }

    /**
     * Once no instance runs the task (no live claim on either processor's tokens), one instance, holding the task's
     * row lock, swaps the copy in, gives the live processor the copy's tokens and dead letters, and records the
     * full sync completed. Every step can run again after a crash: the swap is recognised in Meilisearch's task
     * history, and tokens and letters move in one transaction.
     */
    private void handOver(SyncTaskTable.Row row) {
        long generation = row.rebuildGeneration();
        String live = SyncTaskRunner.processorName(row.id());
        String copy = SyncTaskRunner.rebuildProcessorName(row.id(), generation);
        if (positions.claimed(live, copy)) {
            return;
        }
        Boolean handedOver = transactions.fetchInTransaction(() -> {
            Optional<SyncTaskTable.Row> locked = table.lock(row.id());
            if (locked.isEmpty() || !locked.get().handingOver()
                || !Objects.equals(locked.get().rebuildGeneration(), generation)) {
                return false;
            }
            try (Sink sink = sinkFor(row.id(), row.definition())) {
                if (hasCopies(row)) {
                    sink.swapIn(generation);
                    if (positions.moveTokens(copy, live, row.definition().options().segments())) {
                        deadLetters.handOver(copy, live);
                    }
                } else {
                    // replayed in place: the live processor starts again from the first event
                    jdbc.update("delete from token_entry where processor_name = ?", live);
                    deadLetters.drop(List.of(live));
                }
            }
            return true;
        });
        if (Boolean.TRUE.equals(handedOver)) {
            commands.sendAndWait(new CompleteFullSync(row.id(), generation));
            log.info("Full sync {} of sync task {} completed", generation, row.id());
            dropOldCopy(row, generation);
        }
    }

    /** The index the swap left under the copy's name holds the old documents: dropped, or retried at next start. */
    private void dropOldCopy(SyncTaskTable.Row row, long generation) {
        try (Sink sink = sinkFor(row.id(), row.definition())) {
            sink.dropCopy(generation);
            droppedCopies.add(row.id() + "/" + generation);
        } catch (RuntimeException e) {
            log.warn("Could not drop the old index of sync task {} after full sync {} ({}); retrying", row.id(),
                    generation, e.toString());
        }
    }

    /** A deleted task leaves no processor state behind: tokens, dead letters, and a copy being built. */
    private void forget(SyncTaskTable.Row row) {
        String live = SyncTaskRunner.processorName(row.id());
        List<String> names = new ArrayList<>(List.of(live));
        if (row.rebuildGeneration() != null) {
            names.add(SyncTaskRunner.rebuildProcessorName(row.id(), row.rebuildGeneration()));
        }
        names.forEach(name -> jdbc.update("delete from token_entry where processor_name = ?", name));
        deadLetters.drop(names);
        if (row.rebuildPhase() != null) {
            try (Sink sink = sinkFor(row.id(), row.definition())) {
                sink.dropCopy(row.rebuildGeneration());
            } catch (RuntimeException e) {
                log.warn("Could not drop the copy of deleted sync task {}: {}", row.id(), e.toString());
            }
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

    private void stopRebuild(String taskId) {
        Rebuild rebuild = rebuilds.remove(taskId);
        if (rebuild != null) {
            rebuild.builder().close();
            rebuild.copy().close();
            rebuild.monitor().close();
        }
    }

    private record Rebuild(long generation, HistoryReader builder, Sink copy, TaskMonitor monitor) {
    }
}
