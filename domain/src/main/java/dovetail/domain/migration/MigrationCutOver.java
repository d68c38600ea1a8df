package dovetail.domain.migration;

import java.time.Instant;

/** Dovetail became primary; {@code forced} when drift was overridden, {@code drift} as the verifier found it. */
public record MigrationCutOver(String migrationId, boolean forced, DriftCounts drift, Long legacyMaxId, Instant at) {
}
