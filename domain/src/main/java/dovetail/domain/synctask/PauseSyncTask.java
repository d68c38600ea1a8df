package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops delivery; the task keeps its position. */
public record PauseSyncTask(@TargetAggregateIdentifier String id) {
}
