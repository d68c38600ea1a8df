package dovetail.domain.thing;

/** One broken rule of an input, with the field it concerns. */
public record Problem(String field, String message) {
}
