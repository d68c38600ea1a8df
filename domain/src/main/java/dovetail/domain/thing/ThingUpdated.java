package dovetail.domain.thing;

import java.time.Instant;

/**
 * A Thing's name and foo were replaced; {@code version} is the Thing's new version. It carries the whole state
 * (createdOn too) so that every sink can write a complete document or row from this event alone.
 */
public record ThingUpdated(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version) {
}
