package dovetail.domain.thing;

/** What a Thing command answers: the Thing as the command left it, or the reason it was refused. */
public sealed interface ThingOutcome permits ThingAccepted, ThingError {
}
