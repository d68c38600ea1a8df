package dovetail.domain.migration;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records a drift repair made while the migration was in {@code mode}: its counts and the ids it repaired. */
public record RecordDriftRepair(@TargetAggregateIdentifier String migrationId, MigrationMode mode,
                                DriftRepairCounts counts, List<String> repaired) {

    public RecordDriftRepair {
        repaired = List.copyOf(repaired);
    }
}
