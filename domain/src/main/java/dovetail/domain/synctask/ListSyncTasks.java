package dovetail.domain.synctask;

/** Asks for every task not deleted, optionally only those with this status. */
public record ListSyncTasks(SyncTaskStatus status) {
}
