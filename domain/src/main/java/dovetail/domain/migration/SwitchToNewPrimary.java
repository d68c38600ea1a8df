package dovetail.domain.migration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The last step of a cutover, after the capture was drained: flips the mode and moves the Thing id sequence past
 * {@code legacyMaxId} (null: empty table). {@code drift} is what the verifier found just before.
 */
public record SwitchToNewPrimary(@TargetAggregateIdentifier String migrationId, boolean force, DriftCounts drift,
                                 Long legacyMaxId) {
}
