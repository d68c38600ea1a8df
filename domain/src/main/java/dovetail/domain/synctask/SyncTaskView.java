package dovetail.domain.synctask;

import java.time.Instant;
import java.util.Map;

/**
 * A task as operators see it: configuration, status, where it stands in the event stream (position and head are
 * global event indexes; lag in events and in seconds behind the newest event), its last error, its statistics, the full sync
 * running (null when none) and how many events wait in its dead-letter queue.
 */
public record SyncTaskView(String id, SyncTaskDefinition definition, SyncTaskStatus status, Long position, Long head,
                           Long lagEvents, Double lagSeconds, String lastError, Instant lastErrorAt, String lastErrorTraceId,
                           Map<String, Long> countsByEventType, long delivered, long failures,
                           double throughputPerSecond, Double latencyP50Millis, Double latencyP95Millis,
                           Double latencyP99Millis, FullSyncProgress fullSync, long deadLetters) {
}
