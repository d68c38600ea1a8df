package dovetail.domain.migration;

import java.time.Instant;

/** The backfill went through the whole legacy table; {@code imported} rows changed the event store. */
public record MigrationBackfillCompleted(String migrationId, long imported, Instant at) {
}
