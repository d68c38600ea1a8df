package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces a task's definition; it applies to events delivered from now on. */
public record ReconfigureSyncTask(@TargetAggregateIdentifier String id, SyncTaskDefinition definition) {
}
