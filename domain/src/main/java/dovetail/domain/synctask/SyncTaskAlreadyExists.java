package dovetail.domain.synctask;

/** A task with this id exists already. */
public record SyncTaskAlreadyExists(String id) implements SyncTaskError {
}
