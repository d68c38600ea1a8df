package dovetail.domain.synctask;

import java.time.Instant;

/** A task was resumed. */
public record SyncTaskResumed(String id, Instant at) implements SyncTaskEvent {
}
