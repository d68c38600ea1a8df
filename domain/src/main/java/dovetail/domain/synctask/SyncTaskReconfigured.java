package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was reconfigured. */
@Revision("1")
public record SyncTaskReconfigured(String id, SyncTaskDefinition definition, Instant at) implements SyncTaskEvent {
}
