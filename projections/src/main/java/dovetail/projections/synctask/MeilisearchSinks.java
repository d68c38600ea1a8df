package dovetail.projections.synctask;

import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.MeilisearchInstances;
import dovetail.projections.search.MeilisearchSink;
import dovetail.projections.search.MeilisearchTargetSink;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tasks whose sink is a Meilisearch index deliver through {@link MeilisearchSink}: a {@code SINGLE} task to its one
 * instance, a replicated or sharded task to each of its instances as a target of its own.
 */
@Component
class MeilisearchSinks implements SinkFactory {

    private static final Logger log = LoggerFactory.getLogger(MeilisearchSinks.class);

    private final MeilisearchInstances instances;
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();

    MeilisearchSinks(MeilisearchInstances instances) {
        this.instances = instances;
    }

    /** The sink of a {@code SINGLE} task, or of the first target of another. */
    @Override
    public Optional<Sink> create(String taskId, SyncTaskDefinition definition) {
        return Optional.ofNullable(definition.sink().meilisearch())
                .map(spec -> targets(definition, null).get(0).sink());
    }

    /**
     * The task's targets, in the order of its instances, delivering into {@code liveIndex} (null: the index the
     * spec names); empty for another kind of sink.
     */
    List<TaskTarget> targets(SyncTaskDefinition definition, String liveIndex) {
        MeilisearchSinkSpec spec = definition.sink().meilisearch();
        if (spec == null) {
            return List.of();
        }
        String index = liveIndex == null ? spec.index() : liveIndex;
        MeilisearchTopology topology = SyncTaskRules.topologyOf(spec);
        List<String> names = SyncTaskRules.instancesOf(spec);
        if (topology == MeilisearchTopology.SINGLE) {
            String instance = names.get(0);
            return List.of(new TaskTarget(null, instance, null,
                    MeilisearchSink.of(instances.indexes(instance), spec, index)));
        }
        List<TaskTarget> targets = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String instance = names.get(i);
            Integer shard = topology == MeilisearchTopology.SHARDED ? i : null;
            targets.add(new TaskTarget(instance, instance, shard, new MeilisearchTargetSink(
                    MeilisearchSink.of(instances.indexes(instance), spec, index), instances, instance, shard,
                    names.size())));
        }
        return targets;
    }

    /**
     * Enqueues the deletion of a deleted task's live index on each of its instances: nothing delivers into it any
     * more. An index that a task not deleted also names (one made again with the same index) stays; so does one
     * that cannot be deleted now, which the warning names for an operator to delete. Tried once per deleted task
     * and start of this instance.
     */
    void dropDeleted(SyncTaskTable.Row deleted, List<SyncTaskTable.Row> rows) {
        String index = liveIndex(deleted);
        if (index == null || !dropped.add(deleted.id())
            || rows.stream().anyMatch(row -> !row.deleted() && index.equals(liveIndex(row)))) {
            return;
        }
        try {
            dropLive(deleted.definition(), deleted.liveIndex());
            log.info("Dropped index {} of deleted sync task {}", index, deleted.id());
        } catch (RuntimeException e) {
            log.warn("Could not drop index {} of deleted sync task {}; delete it with Meilisearch's"
                     + " DELETE /indexes/<index prefix>{}: {}", index, deleted.id(), index, e.getMessage());
        }
    }

    private static String liveIndex(SyncTaskTable.Row row) {
        MeilisearchSinkSpec spec = row.definition().sink().meilisearch();
        return spec == null ? null : row.liveIndex() == null ? spec.index() : row.liveIndex();
    }

    /** Enqueues the deletion of the live index of this definition on each of its instances. */
    void dropLive(SyncTaskDefinition definition, String liveIndex) {
        MeilisearchSinkSpec spec = definition.sink().meilisearch();
        if (spec == null) {
            return;
        }
        for (String instance : SyncTaskRules.instancesOf(spec)) {
            MeilisearchIndexes on = instances.indexes(instance);
            on.deleteLater(on.fullIndexUid(liveIndex == null ? spec.index() : liveIndex));
        }
    }
}
