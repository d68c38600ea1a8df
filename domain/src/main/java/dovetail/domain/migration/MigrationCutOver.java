package dovetail.domain.migration;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Dovetail became primary; {@code forced} when drift was overridden, {@code drift} as the verifier found it. */
@Revision("1")
public record MigrationCutOver(String migrationId, boolean forced, DriftCounts drift, Long legacyMaxId, Instant at)
        implements MigrationEvent {
}
