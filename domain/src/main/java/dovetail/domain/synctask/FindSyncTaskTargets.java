package dovetail.domain.synctask;

/** Asks for the delivery targets of one task (one per shard or replica); answered with a list of {@link SyncTaskTargetView}. */
public record FindSyncTaskTargets(String id) {
}
