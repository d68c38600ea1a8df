package dovetail.domain.synctask;

/** Deleting an active task needs {@code force}: pause it first, or say so. */
public record SyncTaskStillActive(String id) implements SyncTaskError {

    @Override
    public String message() {
        return "Sync task " + id + " is active: pause it first, or delete with force: true";
    }
}
