package dovetail.domain.synctask;

/**
 * An event that changes what a task's processors must do (its definition, whether it runs, its full sync): every
 * instance follows these to bring its own processors in line.
 */
public sealed interface SyncTaskEvent permits SyncTaskCreated, SyncTaskReconfigured, SyncTaskPaused, SyncTaskResumed,
        SyncTaskDeleted, SyncTaskFullSyncRequested, SyncTaskFullSyncCaughtUp, SyncTaskFullSyncCompleted,
        SyncTaskFullSyncStopped {

    /** The task's id. */
    String id();
}
