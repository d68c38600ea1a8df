package dovetail.projections.synctask;

import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.projections.sink.Sink;
import java.util.Collections;
import java.util.List;

/**
 * One place a task delivers to, with a processor (position, retries, dead letters) of its own: the task's only sink
 * ({@code name} null, processor {@code sync-task:<id>}), or one Meilisearch instance of a replicated or sharded
 * task ({@code name} = the instance, processor {@code sync-task:<id>@<instance>}). {@code shard} numbers a shard.
 */
record TaskTarget(String name, String instance, Integer shard, Sink sink) {

    /** The live processor of this target of the task. */
    String processor(String taskId) {
        return processorName(taskId, name);
    }

    /** The processor that builds this target's copy for full sync {@code generation}. */
    String rebuildProcessor(String taskId, long generation) {
        return rebuildProcessorName(taskId, generation, name);
    }

    /** The names of a definition's targets: one null for a task with one sink, else its Meilisearch instances. */
    static List<String> names(SyncTaskDefinition definition) {
        MeilisearchSinkSpec spec = definition.sink().meilisearch();
        if (spec == null || SyncTaskRules.topologyOf(spec) == MeilisearchTopology.SINGLE) {
            return Collections.singletonList(null);
        }
        return SyncTaskRules.instancesOf(spec);
    }

    static String processorName(String taskId, String target) {
        return target == null ? SyncTaskRunner.processorName(taskId) : SyncTaskRunner.processorName(taskId) + "@" + target;
    }

    static String rebuildProcessorName(String taskId, long generation, String target) {
        String name = SyncTaskRunner.rebuildProcessorName(taskId, generation);
        return target == null ? name : name + "@" + target;
    }
}
