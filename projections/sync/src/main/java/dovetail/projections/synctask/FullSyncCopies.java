package dovetail.projections.synctask;

import dovetail.domain.synctask.MarkFullSyncCaughtUp;
import dovetail.projections.sink.CopiesForFullSync;
import dovetail.projections.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code BUILDING} phase of a full sync: a fresh copy per target of what it builds (the task's own targets, or
 * those of the new layout it moves to), each with its own reader from the first event; once every copy is within a
 * batch of the head, past every Thing written before the full sync began, and settled in its engine, the task is
 * marked caught up ({@code HANDOVER}) and every instance stops it for the hand-over. A sink without copies (replayed
 * in place) is caught up at once. A copy's position is in the token store, so a restart (or another instance) goes
 * on from where the copy stands.
 */
@Component
class FullSyncCopies {

    private static final Logger log = LoggerFactory.getLogger(FullSyncCopies.class);

    /** The copies this instance builds, by task. */
    private final Map<String, Building> building = new ConcurrentHashMap<>();
    private final SinkKinds kinds;
    private final TaskMonitors monitors;
    private final LiveEventSource events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final DeadLetterQueues deadLetters;
    private final TaskPositions positions;
    private final SyncTaskProperties properties;
    private final CommandGateway commands;

    FullSyncCopies(SinkKinds kinds, TaskMonitors monitors, LiveEventSource events, TokenStore tokens,
                   TransactionManager transactions, DeadLetterQueues deadLetters, TaskPositions positions,
                   SyncTaskProperties properties, CommandGateway commands) {
        this.kinds = kinds;
        this.monitors = monitors;
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.deadLetters = deadLetters;
        this.positions = positions;
        this.properties = properties;
        this.commands = commands;
    }

    /** Builds the copies of the task's running full sync; {@code idle} runs whenever a copy has nothing to read. */
    void follow(SyncTaskTable.Row row, Runnable idle) {
        long generation = row.fullSyncGeneration();
        if (!hasCopies(row)) {
            markCaughtUp(row);
            return;
        }
        Building current = building.get(row.id());
        if (current == null || current.generation() != generation) {
            stop(row.id());
            if (!start(row, generation, idle)) {
                return;
            }
        }
        if (caughtUp(row, generation)) {
            List<TaskTarget> copies = copies(row);
            try {
                if (copies.stream().allMatch(copy -> ((CopiesForFullSync.Copy) copy.sink()).settled())) {
                    markCaughtUp(row);
                }
            } finally {
                TaskTarget.closeAll(copies);
            }
        }
    }

    private boolean start(SyncTaskTable.Row row, long generation, Runnable idle) {
        List<HistoryReader> readers = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        List<TaskMonitor> copyMonitors = new ArrayList<>();
        try {
            for (TaskTarget copy : copies(row)) {
                String name = copy.fullSyncProcessor(row.id(), generation);
                TaskMonitor monitor = monitors.ofCopy(row.id(), copy.name());
                copyMonitors.add(monitor);
                sinks.add(copy.sink());
                LiveEventSource.Scoped history = events.scoped();
                HistoryReader reader = HistoryReader.following(row.id(), name, properties.catchUpBatchLimit(),
                        row.building(), new TaskDelivery(row.id(), row.building(), copy.sink(), monitor,
                                deadLetters.of(name), history::payloadAsStored),
                        monitor, history, tokens, transactions, idle);
                readers.add(reader);
                reader.readAhead(); // reads while the copy's sink is prepared
                copy.sink().prepare();
                reader.start();
            }
            building.put(row.id(), new Building(generation, readers, sinks, copyMonitors));
            return true;
        } catch (RuntimeException e) {
            monitors.of(row.id(), null).failed(e);
            log.warn("Full sync {} of sync task {} could not start ({}); retrying", generation, row.id(), e.toString());
            readers.forEach(HistoryReader::close);
            sinks.forEach(Sink::close);
            copyMonitors.forEach(TaskMonitor::close);
            return false;
        }
    }

    /**
     * Within a batch of the head, and past every Thing written before the full sync began: the hand-over never shows
     * fewer Things than were there when it was asked for.
     */
    private boolean caughtUp(SyncTaskTable.Row row, long generation) {
        long head = positions.head();
        int batchSize = row.building().options().batchSize();
        long requestedAt = positions.fullSyncRequestedAt(row.id());
        return kinds.names(row.building()).stream()
                .map(name -> positions.progress(TaskTarget.fullSyncProcessorName(row.id(), generation, name), 1, head))
                .allMatch(progress -> progress.complete() && progress.lag() <= batchSize
                                      && progress.position() >= requestedAt);
    }

    /** Whether the task's full sync builds copies (else its sink replays in place). */
    boolean hasCopies(SyncTaskTable.Row row) {
        if (row.relayout()) {
            return true;
        }
        List<TaskTarget> live = kinds.open(row.id(), row.definition(), row.liveLocation());
        try {
            return live.get(0).sink() instanceof CopiesForFullSync;
        } finally {
            TaskTarget.closeAll(live);
        }
    }

    /** The copies the task's latest full sync builds, one per target of what it builds (the caller closes them). */
    List<TaskTarget> copies(SyncTaskTable.Row row) {
        List<TaskTarget> live = kinds.open(row.id(), row.building(), row.relayout() ? null : row.liveLocation());
        try {
            return live.stream().map(target -> target.copy(row.fullSyncGeneration())).toList();
        } finally {
            TaskTarget.closeAll(live);
        }
    }

    private void markCaughtUp(SyncTaskTable.Row row) {
        log.info("Full sync {} of sync task {} caught up; handing over", row.fullSyncGeneration(), row.id());
        commands.sendAndWait(new MarkFullSyncCaughtUp(row.id(), row.fullSyncGeneration()));
    }

    /** The tasks this instance builds copies for. */
    List<String> taskIds() {
        return List.copyOf(building.keySet());
    }

    /** Stops building the task's copies here (their positions stay). */
    void stop(String taskId) {
        Building stopped = building.remove(taskId);
        if (stopped != null) {
            stopped.readers().forEach(HistoryReader::close);
            stopped.sinks().forEach(Sink::close);
            stopped.monitors().forEach(TaskMonitor::close);
        }
    }

    private record Building(long generation, List<HistoryReader> readers, List<Sink> sinks,
                            List<TaskMonitor> monitors) {
    }
}
