package dovetail.domain.thing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A Thing's name and foo were replaced; {@code version} is the Thing's new version. It carries the whole state
 * (createdOn too) so that every sink can write a complete document or row from this event alone.
 *
 * <p>Revision 2: {@code createdOn} is always there. Revision 1 (what releases before revisions stored, with no
 * revision) may lack it: the first release wrote {@code id, name, foo, updatedOn, version}. The event store's upcaster
 * chain turns revision 1 into 2 on every read (see docs/events.md).
 */
@Revision("2")
public record ThingUpdated(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version) {
}
