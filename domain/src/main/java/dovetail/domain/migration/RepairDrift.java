package dovetail.domain.migration;

/**
 * Asks to repair up to {@code limit} rows of the verifier's last report, each from the side that is primary; with
 * {@code dryRun}, only to say what would be done. Answered with a {@link DriftRepairOutcome}.
 */
public record RepairDrift(boolean dryRun, int limit) {

    /** The most rows one repair takes on. */
    public static final int MAX_LIMIT = 1000;
    /** The rows one repair takes on when not told. */
    public static final int DEFAULT_LIMIT = 100;
}
