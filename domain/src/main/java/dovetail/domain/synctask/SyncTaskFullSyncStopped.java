package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The copy of full sync {@code generation} was not swapped in, for {@code reason} (said for operators); the live data
 * and the task's position stay as they were, and the copy is dropped.
 */
@Revision("1")
public record SyncTaskFullSyncStopped(String id, long generation, String reason, Instant at) implements SyncTaskEvent {
}
