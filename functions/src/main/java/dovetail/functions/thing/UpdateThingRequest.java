package dovetail.functions.thing;

/** {@code updateThing}: replaces name and foo if the Thing is still at {@code expectedVersion}. */
public record UpdateThingRequest(String id, String name, Double foo, Long expectedVersion) {
}
