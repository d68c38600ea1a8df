package dovetail.domain.thing;

import java.time.Instant;

/** A Thing's current state as readers see it. */
public record ThingView(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version) {
}
