package dovetail.domain.thing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks to erase a Thing for good (crypto-shredding), whether it is live or deleted. */
public record EraseThing(@TargetAggregateIdentifier String id) {
}
