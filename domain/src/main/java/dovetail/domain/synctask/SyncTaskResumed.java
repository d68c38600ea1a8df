package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was resumed. */
@Revision("1")
public record SyncTaskResumed(String id, Instant at) implements SyncTaskEvent {
}
