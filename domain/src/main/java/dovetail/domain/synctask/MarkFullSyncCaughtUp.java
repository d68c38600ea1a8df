package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The copy built by full sync {@code generation} has reached the head of the event store: hand it over. */
public record MarkFullSyncCaughtUp(@TargetAggregateIdentifier String id, long generation) {
}
