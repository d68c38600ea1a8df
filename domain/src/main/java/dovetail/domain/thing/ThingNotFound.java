package dovetail.domain.thing;

/** No Thing has this id (or it was deleted). */
public record ThingNotFound(String id) implements ThingError {
}
