package dovetail.domain.migration;

import java.time.Instant;

/** The migration's first step: the legacy store is primary. */
public record MigrationStarted(String migrationId, Instant at) {
}
