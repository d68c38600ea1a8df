package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was created. */
@Revision("1")
public record SyncTaskCreated(String id, SyncTaskDefinition definition, Instant at) implements SyncTaskEvent {
}
