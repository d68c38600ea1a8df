package dovetail.domain.migration;

import java.time.Instant;

/** One recorded step of the migration: its event type, when, and a short account of it. */
public record MigrationChange(String type, Instant at, String detail) {
}
