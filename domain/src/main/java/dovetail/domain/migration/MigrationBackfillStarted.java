package dovetail.domain.migration;

import java.time.Instant;

/** A backfill started over a legacy table of {@code legacyRows} rows. */
public record MigrationBackfillStarted(String migrationId, long legacyRows, Instant at) {
}
