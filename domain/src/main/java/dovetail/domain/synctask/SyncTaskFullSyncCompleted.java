package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The full sync's copy was swapped in; the task delivers on from the position the full sync reached. */
@Revision("1")
public record SyncTaskFullSyncCompleted(String id, long generation, Instant at) implements SyncTaskEvent {
}
