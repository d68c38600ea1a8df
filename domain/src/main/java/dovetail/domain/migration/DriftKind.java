package dovetail.domain.migration;

/** How one id disagrees between the legacy table and the read model. */
public enum DriftKind {
    /** In the legacy table only. */
    MISSING_IN_NEW,
    /** In the read model only. */
    MISSING_IN_LEGACY,
    /** On both sides at different versions. */
    STALE,
    /** At the same version with different content. */
    DIFFERENT
}
