package dovetail.domain.synctask;

/** No task has this id (or it was deleted). */
public record SyncTaskNotFound(String id) implements SyncTaskError, DeadLetterOutcome {

    @Override
    public String message() {
        return "No sync task has id " + id;
    }
}
