package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The full sync's copy reached the head of the event store; every instance stops the task for the hand-over. */
@Revision("1")
public record SyncTaskFullSyncCaughtUp(String id, long generation, Instant at) implements SyncTaskEvent {
}
