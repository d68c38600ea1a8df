package dovetail.domain.thing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks to replace a Thing's name and foo, provided it is still at {@code expectedVersion}. */
public record UpdateThing(@TargetAggregateIdentifier String id, String name, Double foo, Long expectedVersion) {
}
