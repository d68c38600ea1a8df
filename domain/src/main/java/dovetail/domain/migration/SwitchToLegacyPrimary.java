package dovetail.domain.migration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The last step of a rollback, after the legacy projection caught up: flips the mode back. */
public record SwitchToLegacyPrimary(@TargetAggregateIdentifier String migrationId) {
}
