package dovetail.domain.synctask;

/** The task is paused (or being handed over after a full sync), so its dead letters cannot be delivered now. */
public record SyncTaskNotRunning(String id) implements DeadLetterOutcome {

    /** The refusal in words, as GraphQL answers it. */
    public String message() {
        return "Sync task " + id + " is paused (or being handed over after a full sync); resume it, then reprocess";
    }
}
