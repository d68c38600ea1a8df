package dovetail.domain.synctask;

import java.time.Instant;

/**
 * The copy of full sync {@code generation} was not swapped in, for {@code reason} (said for operators); the live data
 * and the task's position stay as they were, and the copy is dropped.
 */
public record SyncTaskFullSyncStopped(String id, long generation, String reason, Instant at) implements SyncTaskEvent {
}
