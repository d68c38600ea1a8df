package dovetail.domain.migration;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The backfill went through the whole legacy table; {@code imported} rows changed the event store. */
@Revision("1")
public record MigrationBackfillCompleted(String migrationId, long imported, Instant at) implements MigrationEvent {
}
