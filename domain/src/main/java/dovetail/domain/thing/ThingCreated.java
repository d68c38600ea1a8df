package dovetail.domain.thing;

import java.time.Instant;

/** A Thing came into being in Dovetail, at version 1. */
public record ThingCreated(String id, String name, double foo, Instant createdOn, long version) {
}
