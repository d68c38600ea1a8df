package dovetail.migration.capture;

import dovetail.migration.legacy.LegacyRow;
import java.time.Instant;

/** One change read from the legacy store, and when the legacy side made it (for the capture lag). */
sealed interface CapturedChange {

    long id();

    Instant changedAt();

    /** The row now has this state. */
    record Upsert(LegacyRow row, Instant changedAt) implements CapturedChange {
        @Override
        public long id() {
            return row.id();
        }
    }

    /** The row was deleted on the legacy side. */
    record Removal(long id, Instant changedAt) implements CapturedChange {
    }
}
