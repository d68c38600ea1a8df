package dovetail.domain.thing;

/** The command expected another version than the Thing has: someone else changed it first. */
public record VersionConflict(String id, long expectedVersion, long currentVersion) implements ThingError {

    @Override
    public String message() {
        return "Thing " + id + " is at version " + currentVersion + ", not " + expectedVersion;
    }
}
