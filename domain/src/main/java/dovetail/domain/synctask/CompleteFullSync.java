package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The copy built by full sync {@code generation} is live and the task delivers from its position. */
public record CompleteFullSync(@TargetAggregateIdentifier String id, long generation) {
}
