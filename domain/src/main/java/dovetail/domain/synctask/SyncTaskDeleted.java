package dovetail.domain.synctask;

import java.time.Instant;

/** A task was deleted. */
public record SyncTaskDeleted(String id, Instant at) implements SyncTaskEvent {
}
