package dovetail.domain.thing;

/** Asks for up to {@code limit} Things with ids above {@code afterId} (null: from the start), in id order. */
public record ListThings(int limit, Long afterId) {
}
