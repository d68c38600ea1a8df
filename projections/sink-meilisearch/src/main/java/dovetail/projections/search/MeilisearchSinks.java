package dovetail.projections.search;

import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.projections.sink.RelocatingSinks;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkTarget;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Tasks whose sink is a Meilisearch index deliver through {@link MeilisearchSink}: a {@code SINGLE} task to its one
 * instance, a replicated or sharded task to each of its instances as a target of its own. A full sync that moves a
 * task to another layout builds its copies in a new index, which stays the task's live index afterwards.
 */
@Component
class MeilisearchSinks implements RelocatingSinks {

    private final MeilisearchInstances instances;

    MeilisearchSinks(MeilisearchInstances instances) {
        this.instances = instances;
    }

    @Override
    public boolean builds(SyncTaskDefinition definition) {
        return definition.sink().meilisearch() != null;
    }

    /** One unnamed target on the one instance of a {@code SINGLE} task, else one per instance, named after it. */
    @Override
    public List<SinkTarget> targets(SyncTaskDefinition definition) {
        MeilisearchSinkSpec spec = definition.sink().meilisearch();
        MeilisearchTopology topology = SyncTaskRules.topologyOf(spec);
        List<String> names = SyncTaskRules.instancesOf(spec);
        if (topology == MeilisearchTopology.SINGLE) {
            return List.of(new SinkTarget(null, names.get(0), null));
        }
        List<SinkTarget> targets = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            targets.add(new SinkTarget(names.get(i), names.get(i), topology == MeilisearchTopology.SHARDED ? i : null));
        }
        return targets;
    }

    @Override
    public Sink create(String taskId, SyncTaskDefinition definition, SinkTarget target, String liveLocation) {
        MeilisearchSinkSpec spec = definition.sink().meilisearch();
        MeilisearchSink index = MeilisearchSink.of(instances.indexes(target.instance()), spec, definition.transform(),
                location(definition, liveLocation));
        if (target.name() == null) {
            return index;
        }
        return new MeilisearchTargetSink(index, instances, target.instance(), target.shard(),
                SyncTaskRules.instancesOf(spec).size());
    }

    @Override
    public String copyLocation(SyncTaskDefinition next, long generation) {
        return MeilisearchSink.copyName(next.sink().meilisearch().index(), generation);
    }

    @Override
    public String location(SyncTaskDefinition definition, String liveLocation) {
        return liveLocation == null ? definition.sink().meilisearch().index() : liveLocation;
    }

    @Override
    public void dropLive(SyncTaskDefinition definition, String liveLocation) {
        for (String instance : SyncTaskRules.instancesOf(definition.sink().meilisearch())) {
            MeilisearchIndexes on = instances.indexes(instance);
            on.deleteLater(on.fullIndexUid(location(definition, liveLocation)));
        }
    }
}
