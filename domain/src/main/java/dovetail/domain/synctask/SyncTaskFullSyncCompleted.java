package dovetail.domain.synctask;

import java.time.Instant;

/** The rebuilt copy was swapped in; the task delivers on from the position the rebuild reached. */
public record SyncTaskFullSyncCompleted(String id, long generation, Instant at) implements SyncTaskEvent {
}
