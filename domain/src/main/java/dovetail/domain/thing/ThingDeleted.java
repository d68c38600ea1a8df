package dovetail.domain.thing;

import java.time.Instant;

/** A Thing was deleted; {@code version} is the version the deletion gave it. */
public record ThingDeleted(String id, Instant deletedOn, long version) {
}
