package dovetail.domain.migration;

/**
 * One reported row as a drift repair found it: the versions each side held (null where a side has no row), what was
 * (or would be) done, how it went, and a sentence saying so.
 */
public record DriftRepairRow(String id, DriftKind kind, DriftRepairAction action, DriftRepairResult result,
                             Long legacyVersion, Long newVersion, String detail) {
}
