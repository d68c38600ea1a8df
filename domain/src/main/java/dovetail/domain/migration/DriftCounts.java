package dovetail.domain.migration;

/**
 * How far the legacy table and the read model disagree: rows on each side, ids only one side has, ids whose
 * versions differ (stale), and ids at the same version whose content differs.
 */
public record DriftCounts(long legacyRows, long newRows, long missingInNew, long missingInLegacy, long stale,
                          long different) {

    public long total() {
        return missingInNew + missingInLegacy + stale + different;
    }

    public static DriftCounts none() {
        return new DriftCounts(0, 0, 0, 0, 0, 0);
    }
}
