package dovetail.migration.capture;

import static dovetail.migration.legacy.IdOrder.next;

import dovetail.migration.legacy.IdOrder;
import dovetail.migration.legacy.LegacyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Finds the rows deleted from the legacy table, which polling by {@code updated_on} cannot see: walks the table's
 * ids and the ids polling has seen there side by side, in id order. An id seen before and missing now was deleted
 * on the legacy side, and its Thing is deleted too (at the version Dovetail holds, as any captured deletion); an id
 * new to the table is remembered. Only ids the legacy table has held count, so a Thing Dovetail made that the
 * legacy projection has not written yet is never taken for a deleted row. It runs on the polling thread only,
 * between polls: what polling remembers cannot change under it.
 */
final class DeletedRowScan {

    private static final int PAGE = 5_000;

    private final LegacyStore store;
    private final LegacyIds seen;
    private final ChangeApplier applier;
    private final CaptureStats stats;
    private final int batchSize;

    DeletedRowScan(LegacyStore store, LegacyIds seen, ChangeApplier applier, CaptureStats stats, int batchSize) {
        this.store = store;
        this.seen = seen;
        this.applier = applier;
        this.stats = stats;
        this.batchSize = batchSize;
    }

    /** One pass over the whole table; answers how many rows it found deleted. */
    int run() {
        Instant started = Instant.now();
        Iterator<Long> legacy = IdOrder.pages(PAGE, after -> store.ids(after, PAGE), Long::longValue);
        Iterator<Long> remembered = IdOrder.pages(PAGE, after -> seen.page(after, PAGE), Long::longValue);
        List<Long> added = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        int deleted = 0;
        Long l = next(legacy);
        Long r = next(remembered);
        while (l != null || r != null) {
            if (r == null || (l != null && l < r)) {
                added.add(l);
                l = next(legacy);
            } else if (l == null || r < l) {
                gone.add(r);
                r = next(remembered);
            } else {
                l = next(legacy);
                r = next(remembered);
            }
            if (added.size() >= PAGE) {
                seen.remember(added);
                added.clear();
            }
            if (gone.size() >= batchSize) {
                deleted += delete(gone, started);
            }
        }
        seen.remember(added);
        return deleted + delete(gone, started);
    }

    /** Deletes the Things of rows gone from the legacy table, then forgets their ids. */
    private int delete(List<Long> gone, Instant scanStarted) {
        int count = gone.size();
        applier.apply(gone.stream().map(id -> (CapturedChange) new CapturedChange.Removal(id, scanStarted)).toList(),
                stats);
        seen.forget(gone);
        gone.clear();
        return count;
    }
}
