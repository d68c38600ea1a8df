package dovetail.domain.synctask;

import java.time.Instant;

/** One recorded change of a task: its event type (e.g. {@code SyncTaskPaused}), when, and the definition it set, if any. */
public record SyncTaskChange(String type, Instant at, SyncTaskDefinition definition) {
}
