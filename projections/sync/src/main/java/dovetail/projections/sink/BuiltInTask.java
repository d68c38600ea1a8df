package dovetail.projections.sink;

import dovetail.domain.synctask.SyncTaskDefinition;

/**
 * A task every deployment has, declared where its sink lives: the sync-task runtime creates each once, at start.
 * A bean that is not wanted in a deployment is left out with a condition, or answers {@link #wanted()} false.
 */
public interface BuiltInTask {

    /** The task's id, e.g. {@code things-search}. */
    String id();

    /** Its definition when it is created; the task is not changed afterwards by a start. */
    SyncTaskDefinition definition();

    /** Whether this deployment wants it (besides {@code dovetail.sync-tasks.create-built-in}). */
    default boolean wanted() {
        return true;
    }
}
