package dovetail.domain.migration;

/** Development mode only: asks to add {@code count} demo rows to the embedded legacy table. */
public record SeedLegacyThings(int count) {
}
