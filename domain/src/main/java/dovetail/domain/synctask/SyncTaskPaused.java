package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was paused. */
@Revision("1")
public record SyncTaskPaused(String id, Instant at) implements SyncTaskEvent {
}
