package dovetail.domain.synctask;

import java.time.Instant;

/**
 * A task's latest full sync and where it stands: the one state machine of full syncs, its states named here and its
 * transitions written once, in {@link #next}. The {@code SyncTask} aggregate decides commands by it, and the task table
 * stores what it answers, so the two cannot drift apart.
 *
 * <pre>
 *   (none) ──Requested(g)──▶ BUILDING ──CaughtUp(g)──▶ HANDOVER ──Completed(g)──▶ COMPLETED
 *                               │                          │
 *                               └────────Stopped(g)────────┴─────────────────────▶ STOPPED
 *   COMPLETED, STOPPED ──Requested(g+1)──▶ BUILDING
 * </pre>
 *
 * An event about another generation than the latest, or one that does not fit the phase (a repeated report after a
 * crash, a late one from another instance), changes nothing.
 *
 * @param generation numbers the task's full syncs from 1
 * @param building   the definition a full sync that moves the task to another layout builds; null when it builds the
 *                   task's own
 * @param reason     why a {@code STOPPED} full sync stopped, for operators; null otherwise
 */
public record FullSync(long generation, Phase phase, SyncTaskDefinition building, Instant startedAt, String reason,
                       Instant endedAt) {

    public enum Phase {
        /** The fresh copy is being built from the first event, beside the live data, and follows the head. */
        BUILDING,
        /** The copy caught up: every instance stops the task's processors, and one swaps the copy in. */
        HANDOVER,
        /** The copy is the live data; what was live before is dropped. */
        COMPLETED,
        /** The copy was not swapped in (it fell short); the live data and the task's position stayed. */
        STOPPED
    }

    /** Whether this full sync is under way: the task's definition cannot change meanwhile. */
    public boolean running() {
        return phase == Phase.BUILDING || phase == Phase.HANDOVER;
    }

    /** Whether it moves the task to another layout (its copies become the live data without a swap). */
    public boolean relayout() {
        return building != null;
    }

    /** The full sync after {@code event} (a full-sync event of the task), from {@code current} (null: none ever ran). */
    public static FullSync next(FullSync current, Object event) {
        if (event instanceof SyncTaskFullSyncRequested requested) {
            boolean free = current == null || !current.running();
            return free && requested.generation() == (current == null ? 0 : current.generation()) + 1
                    ? new FullSync(requested.generation(), Phase.BUILDING, requested.definition(), requested.at(), null,
                            null)
                    : current;
        }
        if (current == null) {
            return null;
        }
        if (event instanceof SyncTaskFullSyncCaughtUp caughtUp) {
            return current.in(Phase.BUILDING, caughtUp.generation())
                    ? current.to(Phase.HANDOVER, null, null) : current;
        }
        if (event instanceof SyncTaskFullSyncCompleted completed) {
            return current.in(Phase.HANDOVER, completed.generation())
                    ? current.to(Phase.COMPLETED, null, completed.at()) : current;
        }
        if (event instanceof SyncTaskFullSyncStopped stopped) {
            return current.running() && current.generation() == stopped.generation()
                    ? current.to(Phase.STOPPED, stopped.reason(), stopped.at()) : current;
        }
        return current;
    }

    private boolean in(Phase expected, long eventGeneration) {
        return phase == expected && generation == eventGeneration;
    }

    private FullSync to(Phase next, String why, Instant ended) {
        return new FullSync(generation, next, building, startedAt, why, ended);
    }
}
