package dovetail.domain.migration;

import java.time.Instant;

/** The legacy store is no longer kept. */
public record MigrationLegacyRetired(String migrationId, Instant at) {
}
