package dovetail.projections.sink;

/**
 * A sink whose full sync builds a fresh copy beside the live data (a new index) and swaps it in once the copy has
 * caught up and proved complete, so readers never see the data empty or half built. A sink without this capability
 * replays a full sync in place, idempotently.
 */
public interface CopiesForFullSync extends Sink {

    /** The copy full sync {@code generation} builds (the caller closes it). */
    Copy copy(long generation);

    /**
     * Makes the copy of full sync {@code generation} the live data, atomically; what was live before is left under
     * the copy's name for {@link #dropCopy}. Idempotent: called again after it succeeded (after a crash), it changes
     * nothing.
     */
    void swapIn(long generation);

    /** Removes the copy of full sync {@code generation} (abandoned, or holding the old data after the swap). */
    void dropCopy(long generation);

    /** The copy a full sync delivers into, which can say how far its deliveries are in effect and what it holds. */
    interface Copy extends Sink {

        /**
         * Whether what was delivered so far is (nearly) in effect: a full sync hands over only once its copy has
         * settled, so the live task is stopped for little more than the swap.
         */
        boolean settled();

        /** Waits until everything delivered so far is in effect, or fails. */
        void awaitInEffect();

        /**
         * How many Things the copy holds once everything delivered is in effect, for the check before the swap;
         * negative when its documents are not one per Thing (a transform keys them otherwise), so it cannot be
         * counted.
         */
        long thingCount();

        /** Whether the copy keeps this Thing (a shard keeps only its own Things). */
        boolean keeps(String thingId);

        /** How many of the copy's writes its engine failed (each re-delivered or parked since), for the report. */
        long failedWrites();
    }
}
