package dovetail.domain.synctask;

/** Why a task command was refused. Nothing was stored for it. */
public sealed interface SyncTaskError extends SyncTaskOutcome
        permits InvalidTaskDefinition, SyncTaskNotFound, SyncTaskAlreadyExists, SyncTaskStillActive,
        FullSyncRunning {

    /** The refusal in words, as every edge (GraphQL, the functions) answers it. */
    String message();
}
