package dovetail.domain.synctask;

/** A full sync of the task is running; its definition can change once the full sync completes. */
public record FullSyncRunning(String id) implements SyncTaskError {

    @Override
    public String message() {
        return "Sync task " + id + " runs a full sync; change its definition once the full sync completed";
    }
}
