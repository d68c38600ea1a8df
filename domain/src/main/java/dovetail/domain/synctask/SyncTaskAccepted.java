package dovetail.domain.synctask;

/** The command was applied; the task now has this definition and status. */
public record SyncTaskAccepted(String id, SyncTaskDefinition definition, SyncTaskStatus status) implements SyncTaskOutcome {
}
