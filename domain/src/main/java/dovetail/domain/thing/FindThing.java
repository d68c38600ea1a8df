package dovetail.domain.thing;

/** Asks for one Thing's current state; answered with a {@link ThingView} or nothing. */
public record FindThing(String id) {
}
