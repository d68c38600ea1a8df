package dovetail.domain.thing;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Carries a Thing over from the legacy store as it is there: id, version and timestamps are kept.
 * Importing a version at or below the one Dovetail already holds changes nothing.
 */
public record ImportThing(@TargetAggregateIdentifier String id, String name, Double foo,
                          Instant createdOn, Instant updatedOn, Long version) {
}
