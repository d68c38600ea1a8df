package dovetail.domain.migration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the legacy store is retired. */
public record RetireLegacyStore(@TargetAggregateIdentifier String migrationId) {
}
