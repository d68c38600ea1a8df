package dovetail.domain.synctask;

/** Asks for a new task with this slug id and definition. */
public record CreateSyncTask(String id, SyncTaskDefinition definition) {
}
