package dovetail.domain.migration;

import java.time.Instant;

/**
 * Where the backfill stands: {@code status} is {@code NOT_STARTED}, {@code RUNNING} or {@code COMPLETED};
 * {@code position} the last legacy id imported; {@code total} the legacy rows counted at its start.
 */
public record BackfillProgress(String status, Long position, long imported, long total, Instant startedAt,
                               Instant finishedAt, double rowsPerSecond) {
}
