package dovetail.domain.migration;

/**
 * Rows a drift repair repaired (or, in a dry run, would repair) by the kind of drift, and the rows it skipped
 * (changed since the verifier ran, or agreeing by now) and those whose repair failed.
 */
public record DriftRepairCounts(long missingInNew, long missingInLegacy, long stale, long different, long skipped,
                                long failed) {

    public long repaired() {
        return missingInNew + missingInLegacy + stale + different;
    }
}
