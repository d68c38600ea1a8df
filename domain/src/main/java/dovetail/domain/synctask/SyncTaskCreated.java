package dovetail.domain.synctask;

import java.time.Instant;

/** A task was created. */
public record SyncTaskCreated(String id, SyncTaskDefinition definition, Instant at) implements SyncTaskEvent {
}
