package dovetail.domain.thing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A Thing's state was carried over from the legacy store, with the legacy id, version and timestamps. */
@Revision("1")
public record ThingImported(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version) {
}
