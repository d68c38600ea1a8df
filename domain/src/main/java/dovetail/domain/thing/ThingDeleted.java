package dovetail.domain.thing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A Thing was deleted; {@code version} is the version the deletion gave it. */
@Revision("1")
public record ThingDeleted(String id, Instant deletedOn, long version) {
}
