package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The rebuilt copy of full sync {@code generation} has reached the head of the event store: hand it over. */
public record MarkFullSyncCaughtUp(@TargetAggregateIdentifier String id, long generation) {
}
