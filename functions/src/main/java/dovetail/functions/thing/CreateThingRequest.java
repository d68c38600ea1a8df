package dovetail.functions.thing;

/** {@code createThing}: a name (1..200 characters, trimmed) and a finite foo; Dovetail allocates the id. */
public record CreateThingRequest(String name, Double foo) {
}
