package dovetail.domain.migration;

import java.time.Instant;
import java.util.List;

/**
 * Drift was repaired from the side {@code mode} makes primary: the counts, and the ids of the rows repaired (the
 * others were skipped or failed).
 */
public record MigrationDriftRepaired(String migrationId, MigrationMode mode, DriftRepairCounts counts,
                                     List<String> repaired, Instant at) {

    public MigrationDriftRepaired {
        repaired = List.copyOf(repaired);
    }
}
