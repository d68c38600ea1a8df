package dovetail.domain.migration;

/** One id that disagrees, with the version each side holds (null where the side has no row). */
public record DriftRow(String id, DriftKind kind, Long legacyVersion, Long newVersion) {
}
