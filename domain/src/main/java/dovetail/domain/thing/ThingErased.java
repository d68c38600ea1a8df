package dovetail.domain.thing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A Thing was erased: its data key is gone, so the fields that identify a person read as null in every earlier
 * event; {@code version} is the version the erasure gave it. An erased Thing takes no further command.
 */
@Revision("1")
public record ThingErased(String id, Instant erasedOn, long version) {
}
