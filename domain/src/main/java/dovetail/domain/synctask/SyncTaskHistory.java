package dovetail.domain.synctask;

/** Asks for a task's recorded changes, oldest first; answered with a list of {@link SyncTaskChange}. */
public record SyncTaskHistory(String id) {
}
