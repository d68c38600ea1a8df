package dovetail.domain.thing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A Thing came into being in Dovetail, at version 1. */
@Revision("1")
public record ThingCreated(String id, String name, double foo, Instant createdOn, long version) {
}
