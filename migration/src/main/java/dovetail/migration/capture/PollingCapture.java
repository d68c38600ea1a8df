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
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Follows the legacy table by polling {@code updated_on} (then {@code id}), for stores without logical
 * replication. Each poll reads again a look-back window before the position, because a transaction may commit a
 * row whose {@code updated_on} is older than rows already read; rows seen at their version are skipped, and the
 * imports are idempotent anyway. The position moves only after the changes are stored. A deleted row leaves no
 * {@code updated_on} behind: every {@code delete-scan-interval}, and when a drain asks for it, a
 * {@link DeletedRowScan} compares the table's ids with those polling has seen.
 */
final class PollingCapture implements CaptureLoop {

    static final String SOURCE = "polling";
    /** When the last scan for deleted rows started, and when a drain last asked for one (Dovetail's database clock). */
    static final String SCANNED = "polling-deletes";
    static final String SCAN_REQUESTED = "polling-deletes-requested";

    private final LegacyStore store;
    private final LegacyProperties.Capture properties;
    private final ChangeApplier applier;
    private final CapturePositions positions;
    private final CaptureStats stats;
    private final LegacyIds ids;
    private final DeletedRowScan scan;
    /** id → version and updated_on (epoch micros) of rows seen within the look-back window. */
    private final Map<Long, long[]> seen = new HashMap<>();

    PollingCapture(LegacyStore store, LegacyProperties.Capture properties, ChangeApplier applier,
                   CapturePositions positions, CaptureStats stats, LegacyIds ids) {
        this.store = store;
        this.properties = properties;
        this.applier = applier;
        this.positions = positions;
        this.stats = stats;
        this.ids = ids;
        this.scan = new DeletedRowScan(store, ids, applier, stats, properties.batchSize());
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
        long nextScan = System.nanoTime();
        while (keepRunning.getAsBoolean()) {
            position = poll(position);
            if (scanning() && (System.nanoTime() - nextScan >= 0 || scanAsked())) {
                // a scan serves every request made before it started: record when it started, not when it ended
                Instant started = positions.now();
                scan.run();
                positions.put(SCANNED, started.toString());
                nextScan = System.nanoTime() + properties.deleteScanInterval().toNanos();
            }
            LockSupport.parkNanos(properties.pollInterval().toNanos());
        }
    }

    /**
     * Brings in what changed since polling's position, deleted rows included, in one go: for logical replication
     * taking over from polling, whose slot may hold only the changes made after it was created.
     */
    void catchUp() {
        Optional<Instant> position = positions.get(SOURCE).map(Instant::parse);
        if (position.isPresent()) {
            poll(position.get());
            if (scanning()) {
                scan.run();
            }
        }
    }

    /** A drain asked for a scan after the last one started. */
    private boolean scanAsked() {
        Optional<Instant> requested = positions.get(SCAN_REQUESTED).map(Instant::parse);
        Optional<Instant> served = positions.get(SCANNED).map(Instant::parse);
        return requested.isPresent() && (served.isEmpty() || requested.get().isAfter(served.get()));
    }

    private boolean scanning() {
        return !properties.deleteScanInterval().isZero();
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
            ids.remember(changes.stream().map(CapturedChange::id).toList());
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

    /**
     * Waits until the position reaches the table's newest {@code updated_on} and, unless deletes are not looked
     * for, until a scan asked for now has run (whichever instance polls).
     */
    @Override
    public boolean drain(Duration timeout) {
        Instant request = scanning() ? positions.now() : null;
        if (request != null) {
            positions.putAtOnce(SCAN_REQUESTED, request.toString());
        }
        Timestamp newest = store.jdbc().queryForObject("select max(updated_on) from " + store.table(), Timestamp.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean updated = newest == null || positions.get(SOURCE)
                    .map(position -> !Instant.parse(position).isBefore(newest.toInstant())).orElse(false);
            boolean scanned = request == null || positions.get(SCANNED)
                    .map(served -> !Instant.parse(served).isBefore(request)).orElse(false);
            if (updated && scanned) {
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
