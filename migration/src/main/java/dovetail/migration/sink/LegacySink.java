package dovetail.migration.sink;

import dovetail.migration.legacy.LegacyRow;
import dovetail.migration.legacy.LegacyStore;
import dovetail.projections.search.ThingDocument;
import dovetail.projections.sink.DocumentChange;
import dovetail.projections.sink.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the legacy table current while Dovetail is primary (and while both sides run). A batch is collapsed to the
 * last change per id; upserts are guarded by version, so a redelivered or older change never takes a row back,
 * and a row the legacy side wrote at a newer version stays. Those writes come back through capture at a version
 * the event store already holds, and are ignored there: no loop.
 */
final class LegacySink implements Sink {

    private final LegacyStore store;

    LegacySink(LegacyStore store) {
        this.store = store;
    }

    @Override
    public void prepare() {
        store.count();
    }

    @Override
    public void deliver(List<DocumentChange> batch, Duration timeout) {
        Map<String, DocumentChange> last = new LinkedHashMap<>();
        batch.forEach(change -> last.put(change.id(), change));
        List<LegacyRow> upserts = new ArrayList<>();
        List<long[]> deletes = new ArrayList<>();
        for (DocumentChange change : last.values()) {
            if (change instanceof DocumentChange.Upsert upsert) {
                upserts.add(LegacyRow.of(ThingDocument.fromDocument(upsert.document())));
            } else {
                deletes.add(new long[] {Long.parseLong(change.id()), change.version()});
            }
        }
        int seconds = (int) Math.max(1, timeout.toSeconds());
        store.upsert(upserts, seconds);
        store.delete(deletes, seconds);
    }

    @Override
    public String describe() {
        return store.toString();
    }
}
