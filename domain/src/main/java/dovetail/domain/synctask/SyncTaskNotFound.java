package dovetail.domain.synctask;

/** No task has this id (or it was deleted). */
public record SyncTaskNotFound(String id) implements SyncTaskError, DeadLetterOutcome {
}
