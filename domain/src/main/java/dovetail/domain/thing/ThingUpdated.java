package dovetail.domain.thing;

import java.time.Instant;

/** A Thing's name and foo were replaced; {@code version} is the Thing's new version. */
public record ThingUpdated(String id, String name, double foo, Instant updatedOn, long version) {
}
