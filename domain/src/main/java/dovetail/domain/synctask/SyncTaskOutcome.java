package dovetail.domain.synctask;

/** What a task command answers: the task's configuration after it, or why it was refused. */
public sealed interface SyncTaskOutcome permits SyncTaskAccepted, SyncTaskError {
}
