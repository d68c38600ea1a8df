package dovetail.projections.synctask;

import dovetail.projections.sink.RelocatingSinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What a deleted task leaves behind, removed: positions, dead letters, a full sync's copy, and its live data. */
@Component
class DeletedTasks {

    private static final Logger log = LoggerFactory.getLogger(DeletedTasks.class);

    private final Set<String> droppedLive = ConcurrentHashMap.newKeySet();
    private final SinkKinds kinds;
    private final TaskPositions positions;
    private final DeadLetterQueues deadLetters;

    DeletedTasks(SinkKinds kinds, TaskPositions positions, DeadLetterQueues deadLetters) {
        this.kinds = kinds;
        this.positions = positions;
        this.deadLetters = deadLetters;
    }

    /** Forgets the processors' state of a task deleted while this instance ran it, and drops its copy. */
    void forget(SyncTaskTable.Row row) {
        List<String> names = new ArrayList<>();
        kinds.names(row.definition()).forEach(name -> names.add(TaskTarget.processorName(row.id(), name)));
        if (row.fullSync() != null) {
            kinds.names(row.building()).forEach(name -> names.add(
                    TaskTarget.fullSyncProcessorName(row.id(), row.fullSyncGeneration(), name)));
        }
        positions.forget(names);
        deadLetters.drop(names);
        if (row.fullSyncRunning()) {
            List<TaskTarget> live = kinds.open(row.id(), row.building(), row.relayout() ? null : row.liveLocation());
            try {
                live.forEach(target -> FullSyncHandOver.dropCopy(target, row.fullSyncGeneration()));
            } catch (RuntimeException e) {
                log.warn("Could not drop the copy of deleted sync task {}: {}", row.id(), e.toString());
            } finally {
                TaskTarget.closeAll(live);
            }
        }
    }

    /**
     * Enqueues the removal of a deleted task's live data, where its kind keeps data of its own: nothing delivers
     * into it any more. Data that a task not deleted also uses (one made again with the same index) stays; so does
     * data that cannot be removed now, which the warning names for an operator. Tried once per deleted task and
     * start of this instance.
     */
    void dropLive(SyncTaskTable.Row deleted, List<SyncTaskTable.Row> rows) {
        Optional<RelocatingSinks> relocating = kinds.relocating(deleted.definition());
        if (relocating.isEmpty() || !droppedLive.add(deleted.id())) {
            return;
        }
        String location = relocating.get().location(deleted.definition(), deleted.liveLocation());
        boolean shared = rows.stream().anyMatch(row -> !row.deleted() && kinds.relocating(row.definition())
                .map(other -> other.location(row.definition(), row.liveLocation())).filter(location::equals)
                .isPresent());
        if (shared) {
            return;
        }
        try {
            relocating.get().dropLive(deleted.definition(), deleted.liveLocation());
            log.info("Dropped {} of deleted sync task {}", location, deleted.id());
        } catch (RuntimeException e) {
            log.warn("Could not drop {} of deleted sync task {}; remove it by hand: {}", location, deleted.id(),
                    e.getMessage());
        }
    }
}
