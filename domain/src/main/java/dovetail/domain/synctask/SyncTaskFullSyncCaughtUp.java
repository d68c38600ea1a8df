package dovetail.domain.synctask;

import java.time.Instant;

/** The full sync's copy reached the head of the event store; every instance stops the task for the hand-over. */
public record SyncTaskFullSyncCaughtUp(String id, long generation, Instant at) implements SyncTaskEvent {
}
