package dovetail.projections.synctask;

import dovetail.projections.sink.CopiesForFullSync;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkTarget;
import java.util.List;

/**
 * One place a task delivers to, with its sink and a processor (position, retries, dead letters) of its own: the
 * task's only target ({@code name} null, processor {@code sync-task:<id>}), or one of several
 * ({@code sync-task:<id>@<name>}).
 */
record TaskTarget(SinkTarget target, Sink sink) {

    String name() {
        return target.name();
    }

    /** The live processor of this target of the task. */
    String processor(String taskId) {
        return processorName(taskId, name());
    }

    /** The processor that builds this target's copy for full sync {@code generation}. */
    String fullSyncProcessor(String taskId, long generation) {
        return fullSyncProcessorName(taskId, generation, name());
    }

    /** This target's copy for full sync {@code generation}, when its sink builds copies. */
    TaskTarget copy(long generation) {
        return new TaskTarget(target, ((CopiesForFullSync) sink).copy(generation));
    }

    static String processorName(String taskId, String target) {
        return target == null ? SyncTaskRunner.processorName(taskId) : SyncTaskRunner.processorName(taskId) + "@" + target;
    }

    static String fullSyncProcessorName(String taskId, long generation, String target) {
        String name = SyncTaskRunner.fullSyncProcessorName(taskId, generation);
        return target == null ? name : name + "@" + target;
    }

    static void closeAll(List<TaskTarget> targets) {
        targets.forEach(target -> target.sink().close());
    }
}
