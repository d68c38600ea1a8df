package dovetail.domain.migration;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The legacy store became primary again. */
@Revision("1")
public record MigrationRolledBack(String migrationId, Instant at) implements MigrationEvent {
}
