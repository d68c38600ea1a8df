package dovetail.domain.synctask;

/** Deleting an active task needs {@code force}: pause it first, or say so. */
public record SyncTaskStillActive(String id) implements SyncTaskError {
}
