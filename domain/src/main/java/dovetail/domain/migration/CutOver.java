package dovetail.domain.migration;

/** Asks to make Dovetail primary; refused while the verifier reports drift unless {@code force}. */
public record CutOver(boolean force) {
}
