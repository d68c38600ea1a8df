package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.CompleteFullSync;
import dovetail.domain.synctask.MarkFullSyncCaughtUp;
import dovetail.domain.synctask.SyncTaskDeleted;
import dovetail.domain.synctask.SyncTaskFullSyncCaughtUp;
import dovetail.domain.synctask.SyncTaskFullSyncCompleted;
import dovetail.domain.synctask.SyncTaskFullSyncStopped;
import dovetail.domain.synctask.SyncTaskFullSyncRequested;
import dovetail.domain.synctask.SyncTaskPaused;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskResumed;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.projections.processing.Instances;
import dovetail.projections.search.MeilisearchSink;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final MeilisearchSinks meilisearch;
    private final ShutdownProperties shutdown;
    private final CopyCheck copyCheck;
    /** By task, then by processor: a task runs one processor per target (one, or one per Meilisearch instance). */
    private final Map<String, Map<String, SyncTaskRunner>> runners = new ConcurrentHashMap<>();
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    private final Set<String> droppedCopies = ConcurrentHashMap.newKeySet();
    private final Map<String, TaskMonitor> monitors = new ConcurrentHashMap<>();
    private final Map<String, Instant> startFailedAt = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService reconciler;

    SyncTaskRuntime(SyncTaskTable table, List<SinkFactory> sinks, LiveEventSource events, TokenStore tokens,
                    TransactionManager transactions, JdbcTemplate jdbc, ObjectProvider<MeterRegistry> meters,
                    SyncTaskProperties properties, Instances instances, DeadLetterQueues deadLetters,
                    TaskPositions positions, CommandGateway commands, MeilisearchSinks meilisearch,
                    ShutdownProperties shutdown, CopyCheck copyCheck) {
        this.meilisearch = meilisearch;
        this.shutdown = shutdown;
        this.copyCheck = copyCheck;
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
        List.copyOf(runners.keySet()).forEach(taskId -> stops.put(taskId, () -> stopRunner(taskId)));
        List.copyOf(rebuilds.keySet()).forEach(taskId -> stops.put(taskId + "/full-sync", () -> stopRebuild(taskId)));
        BoundedStop.run(stops, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
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

    @EventHandler
    void on(SyncTaskFullSyncStopped event) {
        reconcileAfterCommit();
    }

    /**
     * The monitor of the task's first target (every target sees every event, so its counts are the task's), or of the
     * task itself (a full sync that could not start or hand over).
     */
    Optional<TaskMonitor> monitor(String taskId) {
        String first = table.find(taskId).map(row -> TaskTarget.names(row.definition()).get(0)).orElse(null);
        return Optional.ofNullable(monitors.get(monitorKey(taskId, first)))
                .or(() -> Optional.ofNullable(monitors.get(taskId)));
    }

    /** The monitor of one target of the task on this instance, if it ran here. */
    Optional<TaskMonitor> monitor(String taskId, String target) {
        return Optional.ofNullable(monitors.get(monitorKey(taskId, target)));
    }

    private static String monitorKey(String taskId, String target) {
        return target == null ? taskId : taskId + "@" + target;
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
        List<TaskTarget> targets = targets(taskId, row.get().definition(), row.get().liveIndex());
        try {
            int[] counts = new int[3];
            for (TaskTarget target : targets) {
                TaskMonitor monitor = monitors.computeIfAbsent(monitorKey(taskId, target.name()),
                        key -> new TaskMonitor(key, meters, clock));
                target.sink().prepare();
                int[] done = new TaskDelivery(taskId, row.get().definition(), target.sink(), monitor,
                        deadLetters.of(target.processor(taskId)), null).reprocess(limit);
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += done[i];
                }
            }
            return Optional.of(counts);
        } finally {
            closeAll(targets);
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
        List<SyncTaskTable.Row> rows = table.all();
        for (SyncTaskTable.Row row : rows) {
            known.add(row.id());
            boolean running = !runners.getOrDefault(row.id(), Map.of()).isEmpty();
            if (row.deleted()) {
                if (running || hasMonitors(row.id())) {
                    stopRunner(row.id());
                    stopRebuild(row.id());
                    closeMonitors(row.id());
                    forget(row);
                }
                meilisearch.dropDeleted(row, rows);
            } else if (row.paused()) {
                stopRebuild(row.id());
                if (running) {
                    stopRunner(row.id());
                    log.info("Sync task {} paused", row.id());
                }
            } else if (row.handingOver()) {
                stopRebuild(row.id());
                stopRunner(row.id());
                handOverSafely(row);
            } else {
                startRunners(row);
                if (row.isBuilding()) {
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

    /**
     * One runner per target, each started on its own: a target whose instance is down keeps retrying while the
     * others deliver. A runner of an older revision, or of a target the task no longer has, is stopped.
     */
    private void startRunners(SyncTaskTable.Row row) {
        Map<String, SyncTaskRunner> current = runners.computeIfAbsent(row.id(), id -> new ConcurrentHashMap<>());
        Set<String> wanted = new HashSet<>();
        TaskTarget.names(row.definition()).forEach(name -> wanted.add(TaskTarget.processorName(row.id(), name)));
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
        for (TaskTarget target : targets(row.id(), row.definition(), row.liveIndex())) {
            if (current.containsKey(target.processor(row.id()))) {
                target.sink().close();
            } else {
                startRunner(row, target, current);
            }
        }
    }

    private void startRunner(SyncTaskTable.Row row, TaskTarget target, Map<String, SyncTaskRunner> current) {
        String name = target.processor(row.id());
        Instant failedAt = startFailedAt.get(name);
        if (failedAt != null && failedAt.plus(START_RETRY).isAfter(clock.instant())) {
            target.sink().close();
            return;
        }
        TaskMonitor monitor = monitors.computeIfAbsent(monitorKey(row.id(), target.name()),
                key -> new TaskMonitor(key, meters, clock));
        SyncTaskRunner runner = new SyncTaskRunner(row.id(), name, row.revision(), row.definition(),
                target.sink(), monitor, events.scoped(), tokens, transactions, instances::live,
                deadLetters.of(name), properties.catchUpLag(), properties.catchUpBatchLimit());
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

    /** The task's targets, each with a sink of its own (the caller closes those it does not run). */
    private List<TaskTarget> targets(String taskId, SyncTaskDefinition definition, String liveIndex) {
        List<TaskTarget> targets = meilisearch.targets(definition, liveIndex);
        return targets.isEmpty() ? List.of(new TaskTarget(null, null, null, sinkFor(taskId, definition))) : targets;
    }

    private static void closeAll(List<TaskTarget> targets) {
        targets.forEach(target -> target.sink().close());
    }

    /**
     * A full sync builds a fresh copy with its own reader from the first event, one per target of what it builds
     * (the task's own targets, or those of the new layout it moves to); once every copy is within a batch of the
     * head, the task is marked caught up and every instance stops it for the hand-over. A sink without copies
     * (replayed in place) is caught up at once.
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
            List<HistoryReader> builders = new ArrayList<>();
            List<Sink> copySinks = new ArrayList<>();
            List<TaskMonitor> copyMonitors = new ArrayList<>();
            try {
                for (TaskTarget copy : copies(row)) {
                    String name = copy.rebuildProcessor(row.id(), generation);
                    TaskMonitor monitor = new TaskMonitor(monitorKey(row.id(), copy.name()) + "/rebuild", meters,
                            clock);
                    copyMonitors.add(monitor);
                    copySinks.add(copy.sink());
                    LiveEventSource.Scoped history = events.scoped();
                    HistoryReader builder = HistoryReader.following(row.id(), name, properties.catchUpBatchLimit(),
                            row.building(), new TaskDelivery(row.id(), row.building(), copy.sink(), monitor,
                                    deadLetters.of(name), history::payloadAsStored),
                            monitor, history, tokens, transactions, this::reconcileSoon);
                    builders.add(builder);
                    builder.readAhead(); // reads while the copy's sink is prepared
                    copy.sink().prepare();
                    builder.start();
                }
                rebuilds.put(row.id(), new Rebuild(generation, builders, copySinks, copyMonitors));
            } catch (RuntimeException e) {
                monitors.computeIfAbsent(row.id(), id -> new TaskMonitor(id, meters, clock)).failed(e);
                log.warn("Full sync {} of sync task {} could not start ({}); retrying", generation, row.id(),
                        e.toString());
                builders.forEach(HistoryReader::close);
                copySinks.forEach(Sink::close);
                copyMonitors.forEach(TaskMonitor::close);
                return;
            }
        }
        long head = positions.head();
        int batchSize = row.building().options().batchSize();
        // within a batch of the head, and past every Thing written before the full sync began: the hand-over
        // never shows fewer Things than were there when it was asked for
        long requestedAt = positions.fullSyncRequestedAt(row.id());
        boolean caughtUp = TaskTarget.names(row.building()).stream().map(name -> positions.progress(
                TaskTarget.rebuildProcessorName(row.id(), generation, name), 1, head))
                .allMatch(progress -> progress.complete() && progress.lag() <= batchSize
                                      && progress.position() >= requestedAt);
        if (caughtUp) {
            List<TaskTarget> copies = copies(row);
            try {
                if (copies.stream().allMatch(copy -> copy.sink().settled())) {
                    markCaughtUp(row);
                }
            } finally {
                closeAll(copies);
            }
        }
    }

    private boolean hasCopies(SyncTaskTable.Row row) {
        if (row.relayout()) {
            return true;
        }
        try (Sink live = sinkFor(row.id(), row.definition())) {
            Optional<Sink> copy = live.rebuildCopy(row.rebuildGeneration());
            copy.ifPresent(Sink::close);
            return copy.isPresent();
        }
    }

    /** The copies the running full sync builds, one per target of what it builds (the caller closes them). */
    private List<TaskTarget> copies(SyncTaskTable.Row row) {
        List<TaskTarget> live = targets(row.id(), row.building(), row.relayout() ? null : row.liveIndex());
        try {
            return live.stream().map(target -> new TaskTarget(target.name(), target.instance(), target.shard(),
                    target.sink().rebuildCopy(row.rebuildGeneration()).orElseThrow())).toList();
        } finally {
            closeAll(live);
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
     * Once no instance runs the task (no live claim on any of its processors' tokens), one instance, holding the
     * task's row lock, swaps each target's copy in, gives each live processor its copy's tokens and dead letters,
     * and records the full sync completed. Every step can run again after a crash: the swap is recognised in
     * Meilisearch's task history, and tokens and letters move in one transaction. Copies that lack documents are
     * never swapped in: the full sync stops instead (see {@link CopyCheck}).
     *
     * <p>A full sync that moves the task to another layout swaps nothing: swapped one instance after another, a
     * Thing moving from one shard to another could be on neither for a moment. Its copies become the live indexes
     * when the full sync is recorded completed (search follows that record), and the old layout's indexes are
     * dropped a little later, once no search can still be reading them.
     */
    private void handOver(SyncTaskTable.Row row) {
        long generation = row.rebuildGeneration();
        List<String> before = TaskTarget.names(row.definition());
        List<String> after = TaskTarget.names(row.building());
        List<String> processors = new ArrayList<>();
        before.forEach(name -> processors.add(TaskTarget.processorName(row.id(), name)));
        after.forEach(name -> processors.add(TaskTarget.rebuildProcessorName(row.id(), generation, name)));
        if (positions.claimed(processors.toArray(String[]::new))) {
            return;
        }
        String[] incomplete = {null};
        Boolean handedOver = transactions.fetchInTransaction(() -> {
            Optional<SyncTaskTable.Row> locked = table.lock(row.id());
            if (locked.isEmpty() || !locked.get().handingOver()
                || !Objects.equals(locked.get().rebuildGeneration(), generation)) {
                return false;
            }
            if (hasCopies(row)) {
                List<TaskTarget> checked = copies(row);
                try {
                    incomplete[0] = copyCheck.problem(row, checked).orElse(null);
                } finally {
                    closeAll(checked);
                }
                if (incomplete[0] != null) {
                    return false;
                }
                if (!row.relayout()) {
                    List<TaskTarget> live = targets(row.id(), row.definition(), row.liveIndex());
                    try {
                        live.forEach(target -> target.sink().swapIn(generation));
                    } finally {
                        closeAll(live);
                    }
                } else {
                    // no swap to queue behind the copies' last batches: searches turn to them once they are indexed
                    List<TaskTarget> copies = copies(row);
                    try {
                        copies.forEach(copy -> copy.sink().awaitInEffect());
                    } finally {
                        closeAll(copies);
                    }
                }
                for (String name : after) {
                    String copy = TaskTarget.rebuildProcessorName(row.id(), generation, name);
                    String live = TaskTarget.processorName(row.id(), name);
                    if (positions.moveTokens(copy, live, row.building().options().segments())) {
                        deadLetters.handOver(copy, live);
                    }
                }
                for (String name : before) {
                    if (!after.contains(name)) {
                        String retired = TaskTarget.processorName(row.id(), name);
                        jdbc.update("delete from token_entry where processor_name = ?", retired);
                        deadLetters.drop(List.of(retired));
                    }
                }
            } else {
                // replayed in place: the live processor starts again from the first event
                String live = SyncTaskRunner.processorName(row.id());
                jdbc.update("delete from token_entry where processor_name = ?", live);
                deadLetters.drop(List.of(live));
            }
            return true;
        });
        if (incomplete[0] != null) {
            List<TaskTarget> copies = copies(row);
            try {
                copyCheck.stop(row, copies, incomplete[0]);
                droppedCopies.add(row.id() + "/" + generation);
            } finally {
                closeAll(copies);
            }
        } else if (Boolean.TRUE.equals(handedOver)) {
            commands.sendAndWait(new CompleteFullSync(row.id(), generation));
            log.info("Full sync {} of sync task {} completed", generation, row.id());
            if (row.relayout()) {
                dropOldLayoutLater(row);
            } else {
                dropOldCopy(row, generation);
            }
        }
    }

    /** Searches that read the old layout just before the full sync completed finish well within this. */
    private static final Duration OLD_LAYOUT_GRACE = Duration.ofSeconds(10);

    private void dropOldLayoutLater(SyncTaskTable.Row row) {
        ScheduledExecutorService executor = reconciler;
        if (executor == null) {
            return;
        }
        executor.schedule(() -> {
            try {
                meilisearch.dropLive(row.definition(), row.liveIndex());
            } catch (RuntimeException e) {
                log.warn("Could not drop the indexes sync task {} used before it moved ({}); drop them by hand",
                        row.id(), e.toString());
            }
        }, OLD_LAYOUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The index the swap left under the copy's name holds the old documents: dropped, or retried at next start. */
    private void dropOldCopy(SyncTaskTable.Row row, long generation) {
        MeilisearchSinkSpec spec = row.definition().sink().meilisearch();
        if (spec != null && row.liveIndex() != null
            && row.liveIndex().equals(MeilisearchSink.copyName(spec.index(), generation))) {
            // moved to another layout: the copy is the live index now
            droppedCopies.add(row.id() + "/" + generation);
            return;
        }
        List<TaskTarget> live = targets(row.id(), row.definition(), row.liveIndex());
        try {
            live.forEach(target -> target.sink().dropCopy(generation));
            droppedCopies.add(row.id() + "/" + generation);
        } catch (RuntimeException e) {
            log.warn("Could not drop the old index of sync task {} after full sync {} ({}); retrying", row.id(),
                    generation, e.toString());
        } finally {
            closeAll(live);
        }
    }

    /** A deleted task leaves no processor state behind: tokens, dead letters, and a copy being built. */
    private void forget(SyncTaskTable.Row row) {
        List<String> names = new ArrayList<>();
        TaskTarget.names(row.definition()).forEach(name -> names.add(TaskTarget.processorName(row.id(), name)));
        if (row.rebuildGeneration() != null) {
            TaskTarget.names(row.building()).forEach(name -> names.add(
                    TaskTarget.rebuildProcessorName(row.id(), row.rebuildGeneration(), name)));
        }
        names.forEach(name -> jdbc.update("delete from token_entry where processor_name = ?", name));
        deadLetters.drop(names);
        if (row.rebuildPhase() != null) {
            List<TaskTarget> live = targets(row.id(), row.building(), row.relayout() ? null : row.liveIndex());
            try {
                live.forEach(target -> target.sink().dropCopy(row.rebuildGeneration()));
            } catch (RuntimeException e) {
                log.warn("Could not drop the copy of deleted sync task {}: {}", row.id(), e.toString());
            } finally {
                closeAll(live);
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
        Map<String, SyncTaskRunner> stopped = runners.remove(taskId);
        if (stopped != null) {
            stopped.values().forEach(SyncTaskRunner::close);
        }
    }

    private void stopRebuild(String taskId) {
        Rebuild rebuild = rebuilds.remove(taskId);
        if (rebuild != null) {
            rebuild.builders().forEach(HistoryReader::close);
            rebuild.copies().forEach(Sink::close);
            rebuild.monitors().forEach(TaskMonitor::close);
        }
    }

    private boolean hasMonitors(String taskId) {
        return monitors.keySet().stream().anyMatch(key -> key.equals(taskId) || key.startsWith(taskId + "@"));
    }

    private void closeMonitors(String taskId) {
        monitors.keySet().removeIf(key -> {
            if (key.equals(taskId) || key.startsWith(taskId + "@")) {
                TaskMonitor monitor = monitors.get(key);
                if (monitor != null) {
                    monitor.close();
                }
                return true;
            }
            return false;
        });
    }

    private record Rebuild(long generation, List<HistoryReader> builders, List<Sink> copies, List<TaskMonitor> monitors) {
    }
}
