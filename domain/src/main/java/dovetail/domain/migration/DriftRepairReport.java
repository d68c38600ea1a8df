package dovetail.domain.migration;

import java.time.Instant;
import java.util.List;

/**
 * What one drift repair did, or with {@code dryRun} would do: the mode that says which side was sent to the other,
 * the verifier report it worked from, the counts, each row it took on, and the disagreeing rows that report counted
 * but this repair did not reach (past the report's samples or the limit).
 */
public record DriftRepairReport(boolean dryRun, MigrationMode mode, Instant verifiedAt, DriftRepairCounts counts,
                                List<DriftRepairRow> rows, long notReached) implements DriftRepairOutcome {

    public DriftRepairReport {
        rows = List.copyOf(rows);
    }
}
