package dovetail.domain.synctask;

import java.time.Instant;

/** A full sync of the task started; {@code generation} numbers the task's full syncs from 1. */
public record SyncTaskFullSyncRequested(String id, long generation, Instant at) {
}
