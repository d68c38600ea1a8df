package dovetail.domain.thing;

/** Asks for a new Thing; Dovetail allocates its id. Fields are unchecked input, validated by the handler. */
public record CreateThing(String name, Double foo) {
}
