package dovetail.domain.synctask;

/** Where a task stands: delivering, paused by an operator, rebuilding, failing (retrying), or deleted. */
public enum SyncTaskStatus {
    ACTIVE, PAUSED, REBUILDING, FAILED, DELETED
}
