package dovetail.domain.thing;

/**
 * Moves Dovetail's id allocation past {@code upTo}, so that no id it hands out later can meet a Thing carried over
 * from the legacy store. Never moves it back.
 */
public record ReserveThingIds(long upTo) {
}
