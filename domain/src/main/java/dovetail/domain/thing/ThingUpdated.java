package dovetail.domain.thing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A Thing's name and foo were replaced; {@code version} is the Thing's new version. It carries the whole state
 * (createdOn too) so that every sink can write a complete document or row from this event alone.
 */
@Revision("1")
public record ThingUpdated(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version) {
}
