package dovetail.domain.migration;

/** How the repair of one row went. */
public enum DriftRepairResult {
    /** A dry run: this is what a repair would do. */
    PLANNED,
    REPAIRED,
    /** Left alone: the row changed since the verifier ran (or while it was repaired), or both sides agree by now. */
    SKIPPED,
    /** The primary side's state could not be sent (the Thing rules refuse it, or a store failed): see the detail. */
    FAILED
}
