package dovetail.domain.migration;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The migration's first step: the legacy store is primary. */
@Revision("1")
public record MigrationStarted(String migrationId, Instant at) implements MigrationEvent {
}
