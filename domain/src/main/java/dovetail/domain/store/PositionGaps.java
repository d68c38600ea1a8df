package dovetail.domain.store;

/**
 * How the event store's positions keep gaps in its global sequence: a sequence number skipped within
 * {@link #MAX_GAP_OFFSET} of the position is kept as a gap while the event after it is younger than
 * {@link #GAP_TIMEOUT_MILLIS} (a transaction still open may fill it), and positions start at
 * {@link #LOWEST_GLOBAL_SEQUENCE}. The event store and every reader of its table compute positions with these, so a
 * position one of them stores is one the others go on from. They are Axon's defaults.
 */
public final class PositionGaps {

    public static final int MAX_GAP_OFFSET = 10_000;
    public static final int GAP_TIMEOUT_MILLIS = 60_000;
    public static final long LOWEST_GLOBAL_SEQUENCE = 1;

    private PositionGaps() {
    }
}
