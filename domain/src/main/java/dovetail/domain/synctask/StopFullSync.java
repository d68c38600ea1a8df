package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Full sync {@code generation} must not be swapped in, for {@code reason}: the task keeps its live data. */
public record StopFullSync(@TargetAggregateIdentifier String id, long generation, String reason) {
}
