package dovetail.domain.migration;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A backfill started over a legacy table of {@code legacyRows} rows. */
@Revision("1")
public record MigrationBackfillStarted(String migrationId, long legacyRows, Instant at) implements MigrationEvent {
}
