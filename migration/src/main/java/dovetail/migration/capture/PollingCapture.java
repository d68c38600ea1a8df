package dovetail.migration.capture;

import dovetail.migration.legacy.LegacyProperties;
import dovetail.migration.legacy.LegacyRow;
import dovetail.migration.legacy.LegacyStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Follows the legacy table by polling {@code updated_on} (then {@code id}), for stores without logical
 * replication. Each poll reads again a look-back window before the position, because a transaction may commit a
 * row whose {@code updated_on} is older than rows already read; rows seen at their version are skipped, and the
 * imports are idempotent anyway. The position moves only after the changes are stored. Polling cannot see a
 * deleted row (the verifier reports it as missing in the legacy table).
 */
final class PollingCapture implements CaptureLoop {

    static final String SOURCE = "polling";

    private final LegacyStore store;
    private final LegacyProperties.Capture properties;
    private final ChangeApplier applier;
    private final CapturePositions positions;
    private final CaptureStats stats;
    /** id → version and updated_on (epoch micros) of rows seen within the look-back window. */
    private final Map<Long, long[]> seen = new HashMap<>();

    PollingCapture(LegacyStore store, LegacyProperties.Capture properties, ChangeApplier applier,
                   CapturePositions positions, CaptureStats stats) {
        this.store = store;
        this.properties = properties;
        this.applier = applier;
        this.positions = positions;
        this.stats = stats;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public void prepare() {
        store.count();
    }

    @Override
    public void run(BooleanSupplier keepRunning) {
        Instant position = positions.get(SOURCE).map(Instant::parse).orElse(Instant.EPOCH);
        while (keepRunning.getAsBoolean()) {
            position = poll(position);
            LockSupport.parkNanos(properties.pollInterval().toNanos());
        }
    }

    private Instant poll(Instant position) {
        Instant from = position.minus(properties.pollLookback());
        Instant newest = position;
        long afterId = Long.MIN_VALUE;
        Instant after = from;
        while (true) {
            List<LegacyRow> rows = store.changedAfter(after, afterId, properties.batchSize());
            List<CapturedChange> changes = new ArrayList<>();
            for (LegacyRow row : rows) {
                long[] known = seen.get(row.id());
                if (known == null || known[0] < row.version()) {
                    changes.add(new CapturedChange.Upsert(row, row.updatedOn()));
                }
            }
            applier.apply(changes, stats);
            for (LegacyRow row : rows) {
                seen.put(row.id(), new long[] {row.version(), micros(row.updatedOn())});
                if (row.updatedOn().isAfter(newest)) {
                    newest = row.updatedOn();
                }
            }
            if (rows.size() < properties.batchSize()) {
                break;
            }
            LegacyRow last = rows.get(rows.size() - 1);
            after = last.updatedOn();
            afterId = last.id();
        }
        if (newest.isAfter(position)) {
            positions.put(SOURCE, newest.toString());
            stats.position(newest.toString());
        }
        long horizon = micros(newest.minus(properties.pollLookback().multipliedBy(2)));
        seen.values().removeIf(entry -> entry[1] < horizon);
        return newest;
    }

    @Override
    public boolean drain(Duration timeout) {
        Timestamp newest = store.jdbc().queryForObject("select max(updated_on) from " + store.table(), Timestamp.class);
        if (newest == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (positions.get(SOURCE).map(position -> !Instant.parse(position).isBefore(newest.toInstant()))
                         .orElse(false)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return false;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
