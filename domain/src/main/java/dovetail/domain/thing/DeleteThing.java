package dovetail.domain.thing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks to delete a Thing, provided it is still at {@code expectedVersion}. */
public record DeleteThing(@TargetAggregateIdentifier String id, Long expectedVersion) {
}
