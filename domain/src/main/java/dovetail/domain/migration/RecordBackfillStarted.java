package dovetail.domain.migration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that a backfill of {@code legacyRows} rows started. */
public record RecordBackfillStarted(@TargetAggregateIdentifier String migrationId, long legacyRows) {
}
