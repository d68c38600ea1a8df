package dovetail.migration.sink;

import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingImported;
import dovetail.migration.legacy.LegacyRow;
import dovetail.migration.legacy.LegacyStore;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the legacy table current while Dovetail is primary (and while both sides run). A batch is collapsed to the
 * last change per id; upserts are guarded by version, so a redelivered or older change never takes a row back,
 * and a row the legacy side wrote at a newer version stays. Those writes come back through capture at a version
 * the event store already holds, and are ignored there: no loop. A state imported from the legacy store only
 * updates a row that is there: the legacy side had that row, so inserting it again could only bring back a row
 * the legacy side has deleted since (polling would then never see that deletion).
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
    public void deliver(List<SinkChange> batch, Duration timeout) {
        Map<String, SinkChange> last = new LinkedHashMap<>();
        // ids with a change Dovetail made in this batch: their row may not be in the legacy table yet
        Set<String> madeHere = new HashSet<>();
        for (SinkChange change : batch) {
            last.put(change.thingId(), change);
            if (!change.removes() && !(change.event() instanceof ThingImported)) {
                madeHere.add(change.thingId());
            }
        }
        List<LegacyRow> upserts = new ArrayList<>();
        List<LegacyRow> updates = new ArrayList<>();
        List<long[]> deletes = new ArrayList<>();
        for (SinkChange change : last.values()) {
            if (change.removes()) {
                // an erasure removes the row whatever its version: the legacy side may have changed it since, and no
                // copy of an erased Thing may stay
                long below = change.event() instanceof ThingErased ? Long.MAX_VALUE : change.version();
                deletes.add(new long[] {Long.parseLong(change.thingId()), below});
            } else {
                (madeHere.contains(change.thingId()) ? upserts : updates).add(LegacyRow.of(change.thing()));
            }
        }
        int seconds = (int) Math.max(1, timeout.toSeconds());
        store.upsert(upserts, seconds);
        store.update(updates, seconds);
        store.delete(deletes, seconds);
    }

    @Override
    public String describe() {
        return store.toString();
    }

    @Override
    public void close() {
        // the store's connections are the application's
    }
}
