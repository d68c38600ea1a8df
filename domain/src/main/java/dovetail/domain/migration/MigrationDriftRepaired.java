package dovetail.domain.migration;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Drift was repaired from the side {@code mode} makes primary: the counts, and the ids of the rows repaired (the
 * others were skipped or failed).
 */
@Revision("1")
public record MigrationDriftRepaired(String migrationId, MigrationMode mode, DriftRepairCounts counts,
                                     List<String> repaired, Instant at) implements MigrationEvent {

    public MigrationDriftRepaired {
        repaired = List.copyOf(repaired);
    }
}
