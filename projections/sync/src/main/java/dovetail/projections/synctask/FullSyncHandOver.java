package dovetail.projections.synctask;

import dovetail.domain.synctask.CompleteFullSync;
import dovetail.domain.synctask.FullSync;
import dovetail.projections.sink.CopiesForFullSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code HANDOVER} phase of a full sync, and what follows it: once no instance runs the task (no live claim on any
 * of its processors' tokens), one instance, holding the task's row lock, checks the copies ({@link CopyCheck}), swaps
 * each target's copy in, gives each live processor its copy's position and dead letters, and records the full sync
 * completed; then it drops what was live before. Every step can run again after a crash: a swap already done changes
 * nothing, and positions and letters move in one transaction. Copies that fall short are never swapped in: the full
 * sync stops instead.
 *
 * <p>A full sync that moves the task to another layout swaps nothing: swapped one target after another, a Thing moving
 * from one shard to another could be on neither for a moment. Its copies become the live data when the full sync is
 * recorded completed (readers follow that record), and the old layout's data is dropped a little later, once no
 * reader can still be reading it.
 */
@Component
class FullSyncHandOver {

    private static final Logger log = LoggerFactory.getLogger(FullSyncHandOver.class);
    /** Reads of the old layout that began just before the full sync completed finish well within this. */
    private static final Duration OLD_LAYOUT_GRACE = Duration.ofSeconds(10);

    /** Full syncs ({@code task/generation}) whose old data this instance dropped since it started. */
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    private final SyncTaskTable table;
    private final SinkKinds kinds;
    private final FullSyncCopies copies;
    private final CopyCheck copyCheck;
    private final TaskPositions positions;
    private final DeadLetterQueues deadLetters;
    private final TransactionManager transactions;
    private final CommandGateway commands;
    private final TaskMonitors monitors;

    FullSyncHandOver(SyncTaskTable table, SinkKinds kinds, FullSyncCopies copies, CopyCheck copyCheck,
                     TaskPositions positions, DeadLetterQueues deadLetters, TransactionManager transactions,
                     CommandGateway commands, TaskMonitors monitors) {
        this.table = table;
        this.kinds = kinds;
        this.copies = copies;
        this.copyCheck = copyCheck;
        this.positions = positions;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.commands = commands;
        this.monitors = monitors;
    }

    /** Hands the copies over, or tries again at the next reconcile; {@code later} runs the old layout's drop. */
    void handOver(SyncTaskTable.Row row, ScheduledExecutorService later) {
        try {
            run(row, later);
        } catch (RuntimeException e) {
            monitors.of(row.id(), null).failed(e);
            log.warn("Full sync {} of sync task {} could not be handed over yet ({}); retrying",
                    row.fullSyncGeneration(), row.id(), e.toString());
        }
    }

    private void run(SyncTaskTable.Row row, ScheduledExecutorService later) {
        long generation = row.fullSyncGeneration();
        List<String> before = kinds.names(row.definition());
        List<String> after = kinds.names(row.building());
        List<String> processors = new ArrayList<>();
        before.forEach(name -> processors.add(TaskTarget.processorName(row.id(), name)));
        after.forEach(name -> processors.add(TaskTarget.fullSyncProcessorName(row.id(), generation, name)));
        if (positions.claimed(processors.toArray(String[]::new))) {
            return;
        }
        boolean withCopies = copies.hasCopies(row);
        Outcome outcome = transactions.fetchInTransaction(() -> {
            Optional<SyncTaskTable.Row> locked = table.lock(row.id());
            if (locked.isEmpty() || !locked.get().in(FullSync.Phase.HANDOVER)
                || !Objects.equals(locked.get().fullSyncGeneration(), generation)) {
                return Outcome.NOT_HERE;
            }
            if (!withCopies) {
                // replayed in place: the live processor starts again from the first event
                String live = SyncTaskRunner.processorName(row.id());
                positions.forget(List.of(live));
                deadLetters.drop(List.of(live));
                return Outcome.LIVE;
            }
            Optional<String> problem = checkAndSwap(row, generation);
            if (problem.isPresent()) {
                return new Outcome(problem.get());
            }
            movePositions(row, generation, before, after);
            return Outcome.LIVE;
        });
        if (outcome == Outcome.NOT_HERE) {
            return; // another instance holds the task, or moved it on
        }
        if (outcome.problem() != null) {
            List<TaskTarget> checked = copies.copies(row);
            try {
                copyCheck.stop(row, checked, outcome.problem());
                dropped.add(row.id() + "/" + generation);
            } finally {
                TaskTarget.closeAll(checked);
            }
            return;
        }
        commands.sendAndWait(new CompleteFullSync(row.id(), generation));
        log.info("Full sync {} of sync task {} completed", generation, row.id());
        if (row.relayout()) {
            dropOldLayoutLater(row, later);
        }
    }

    /** Why the copies must not go live (empty: they are live now: swapped in, or in effect for a new layout). */
    private Optional<String> checkAndSwap(SyncTaskTable.Row row, long generation) {
        List<TaskTarget> checked = copies.copies(row);
        try {
            Optional<String> problem = copyCheck.problem(row, checked);
            if (problem.isPresent()) {
                return problem;
            }
            if (row.relayout()) {
                // no swap to queue behind the copies' last batches: readers turn to them once they are in effect
                checked.forEach(copy -> ((CopiesForFullSync.Copy) copy.sink()).awaitInEffect());
                return Optional.empty();
            }
        } finally {
            TaskTarget.closeAll(checked);
        }
        List<TaskTarget> live = kinds.open(row.id(), row.definition(), row.liveLocation());
        try {
            live.forEach(target -> ((CopiesForFullSync) target.sink()).swapIn(generation));
        } finally {
            TaskTarget.closeAll(live);
        }
        return Optional.empty();
    }

    /** Each live processor takes its copy's position and dead letters; targets the task no longer has are forgotten. */
    private void movePositions(SyncTaskTable.Row row, long generation, List<String> before, List<String> after) {
        for (String name : after) {
            String copy = TaskTarget.fullSyncProcessorName(row.id(), generation, name);
            String live = TaskTarget.processorName(row.id(), name);
            if (positions.moveTokens(copy, live, row.building().options().segments())) {
                deadLetters.handOver(copy, live);
            }
        }
        List<String> retired = before.stream().filter(name -> !after.contains(name))
                .map(name -> TaskTarget.processorName(row.id(), name)).toList();
        positions.forget(retired);
        deadLetters.drop(retired);
    }

    private void dropOldLayoutLater(SyncTaskTable.Row row, ScheduledExecutorService later) {
        if (later == null) {
            return;
        }
        later.schedule(() -> {
            try {
                kinds.relocating(row.definition()).ifPresent(relocating ->
                        relocating.dropLive(row.definition(), row.liveLocation()));
            } catch (RuntimeException e) {
                log.warn("Could not drop the data sync task {} kept before it moved ({}); drop it by hand", row.id(),
                        e.toString());
            }
        }, OLD_LAYOUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * After a {@code COMPLETED} full sync that swapped its copies in: the copy's name holds the old data, dropped here
     * once per start of this instance (a drop that fails is tried again at the next reconcile).
     */
    void dropOldCopy(SyncTaskTable.Row row) {
        long generation = row.fullSyncGeneration();
        if (!dropped.add(row.id() + "/" + generation)) {
            return;
        }
        if (row.liveLocation() != null && kinds.relocating(row.definition())
                .map(relocating -> relocating.copyLocation(row.definition(), generation))
                .filter(row.liveLocation()::equals).isPresent()) {
            return; // moved to another layout: the copy is the live data now
        }
        List<TaskTarget> live = kinds.open(row.id(), row.definition(), row.liveLocation());
        try {
            live.forEach(target -> dropCopy(target, generation));
        } catch (RuntimeException e) {
            dropped.remove(row.id() + "/" + generation);
            log.warn("Could not drop the old data of sync task {} after full sync {} ({}); retrying", row.id(),
                    generation, e.toString());
        } finally {
            TaskTarget.closeAll(live);
        }
    }

    /** What a hand-over came to: the copies live, not this instance's to do, or stopped for a problem. */
    private record Outcome(String problem) {
        static final Outcome LIVE = new Outcome(null);
        static final Outcome NOT_HERE = new Outcome(null);
    }

    static void dropCopy(TaskTarget target, long generation) {
        if (target.sink() instanceof CopiesForFullSync copiesForFullSync) {
            copiesForFullSync.dropCopy(generation);
        }
    }
}
