package dovetail.domain.migration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the backfill went through the whole legacy table. */
public record RecordBackfillCompleted(@TargetAggregateIdentifier String migrationId, long imported) {
}
