package dovetail.domain.synctask;

/** The task is paused (or not started on this instance yet), so its dead letters cannot be delivered now. */
public record SyncTaskNotRunning(String id) implements DeadLetterOutcome {
}
