package dovetail.domain.thing;

/** Why a Thing command was refused. Nothing was stored for it. */
public sealed interface ThingError extends ThingOutcome permits VersionConflict, ThingNotFound, InvalidInput {

    /** The refusal in words, as every edge (GraphQL, the functions, the legacy facade) answers it. */
    String message();
}
