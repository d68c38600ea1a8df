package dovetail.domain.synctask;

import java.time.Instant;

/** A task was paused. */
public record SyncTaskPaused(String id, Instant at) implements SyncTaskEvent {
}
