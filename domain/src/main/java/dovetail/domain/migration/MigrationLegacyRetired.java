package dovetail.domain.migration;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The legacy store is no longer kept. */
@Revision("1")
public record MigrationLegacyRetired(String migrationId, Instant at) implements MigrationEvent {
}
