package dovetail.domain.synctask;

import java.time.Instant;

/** A task was reconfigured. */
public record SyncTaskReconfigured(String id, SyncTaskDefinition definition, Instant at) implements SyncTaskEvent {
}
