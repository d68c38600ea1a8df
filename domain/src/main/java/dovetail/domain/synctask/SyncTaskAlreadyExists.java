package dovetail.domain.synctask;

/** A task with this id exists already. */
public record SyncTaskAlreadyExists(String id) implements SyncTaskError {

    @Override
    public String message() {
        return "A sync task with id " + id + " exists or existed; choose another id";
    }
}
