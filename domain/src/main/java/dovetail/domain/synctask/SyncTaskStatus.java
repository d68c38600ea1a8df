package dovetail.domain.synctask;

/** Where a task stands: delivering, paused by an operator, running a full sync, failing (retrying), or deleted. */
public enum SyncTaskStatus {
    ACTIVE, PAUSED, FULL_SYNC, FAILED, DELETED
}
