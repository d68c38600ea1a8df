package dovetail.domain.synctask;

/** Asks for one task's view; answered with a {@link SyncTaskView} or nothing. */
public record FindSyncTask(String id) {
}
