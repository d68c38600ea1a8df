package dovetail.domain.synctask;

import java.time.Instant;

/**
 * How far a running full sync is: {@code phase} is {@code BUILDING} (the fresh copy is catching up) or
 * {@code HANDOVER} (it caught up and is being swapped in). {@code position} is the global event index the copy
 * reached, {@code ratePerSecond} its average speed since the start, {@code etaSeconds} the time left at that speed
 * (null before the first events are in).
 */
public record FullSyncProgress(long generation, String phase, Instant startedAt, long position, long head,
                              long lagEvents, double ratePerSecond, Double etaSeconds) {
}
