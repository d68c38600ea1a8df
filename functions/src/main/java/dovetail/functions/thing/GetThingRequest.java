package dovetail.functions.thing;

/** {@code getThing}: one Thing by id. */
public record GetThingRequest(String id) {
}
