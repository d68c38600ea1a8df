package dovetail.domain.migration;

import java.time.Instant;

/** The legacy store became primary again. */
public record MigrationRolledBack(String migrationId, Instant at) {
}
