package dovetail.domain.thing;

/** No Thing has this id (or it was deleted). */
public record ThingNotFound(String id) implements ThingError {

    @Override
    public String message() {
        return "No Thing has id " + id;
    }
}
