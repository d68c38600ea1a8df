package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Restarts delivery from where the task stopped. */
public record ResumeSyncTask(@TargetAggregateIdentifier String id) {
}
