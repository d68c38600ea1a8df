package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a task; refused while it is active unless {@code force}. The sink's data is left as it is. */
public record DeleteSyncTask(@TargetAggregateIdentifier String id, boolean force) {
}
