package dovetail.domain.thing;

/** The command was applied (or, for an import at a known version, had nothing to apply); {@code thing} is the state after it. */
public record ThingAccepted(ThingView thing, boolean changed) implements ThingOutcome {
}
