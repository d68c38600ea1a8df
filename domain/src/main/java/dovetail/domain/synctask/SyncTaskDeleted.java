package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was deleted. */
@Revision("1")
public record SyncTaskDeleted(String id, Instant at) implements SyncTaskEvent {
}
