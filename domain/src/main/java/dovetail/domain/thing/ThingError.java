package dovetail.domain.thing;

/** Why a Thing command was refused. Nothing was stored for it. */
public sealed interface ThingError extends ThingOutcome permits VersionConflict, ThingNotFound, InvalidInput {
}
