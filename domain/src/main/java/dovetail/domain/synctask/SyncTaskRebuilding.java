package dovetail.domain.synctask;

/** A full sync of the task is running; its definition can change once the full sync completes. */
public record SyncTaskRebuilding(String id) implements SyncTaskError {
}
