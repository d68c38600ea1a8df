package dovetail.domain.synctask;

/** What a dead-letter action answers: what it did, or why it did nothing. */
public sealed interface DeadLetterOutcome permits DeadLettersProcessed, DeadLettersEvicted, SyncTaskNotFound,
        InvalidTaskDefinition, SyncTaskNotRunning {
}
