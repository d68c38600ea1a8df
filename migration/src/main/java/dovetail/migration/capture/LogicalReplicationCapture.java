package dovetail.migration.capture;

import dovetail.migration.legacy.LegacyProperties;
import dovetail.migration.legacy.LegacyStore;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Follows the legacy table through PostgreSQL logical replication (pgjdbc's replication API, the built-in
 * {@code pgoutput} plugin): Dovetail creates a publication for the table and a slot, applies each legacy
 * transaction when its commit arrives, and only then acknowledges the commit's position to the slot. After a
 * crash the slot hands out everything not acknowledged again, and the imports are idempotent: nothing is lost.
 * Draining writes a transactional marker message into the legacy WAL and waits for the capture to pass it.
 */
final class LogicalReplicationCapture implements CaptureLoop {

    static final String SOURCE = "logical-replication";
    private static final String DRAIN_PREFIX = "dovetail-drain";
    /**
     * What a legacy server answers when it will not replicate to Dovetail, as opposed to being unreachable:
     * insufficient privilege (no REPLICATION attribute, not the table's owner), wal_level below logical or no
     * replication slots (object not in prerequisite state), all slots taken, no pg_hba entry for replication
     * connections, or logical decoding not supported there (a standby, say).
     */
    private static final Set<String> REFUSALS = Set.of("42501", "55000", "53400", "28000", "0A000");

    private final LegacyStore store;
    private final LegacyProperties.Capture properties;
    private final ChangeApplier applier;
    private final CapturePositions positions;
    private final CaptureStats stats;

    LogicalReplicationCapture(LegacyStore store, LegacyProperties.Capture properties, ChangeApplier applier,
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

    /**
     * Opens a replication connection once (a server that refuses one says so here, not half-way through), then
     * creates the publication and the slot where they are missing.
     */
    @Override
    public void prepare() {
        try (Connection probe = replicationConnection()) {
            probe.isValid(5);
        } catch (Exception refusedOrUnreachable) {
            throw new IllegalStateException("Could not open a replication connection to the legacy store: "
                                            + refusedOrUnreachable.getMessage(), refusedOrUnreachable);
        }
        var jdbc = store.jdbc();
        if (jdbc.queryForList("select 1 from pg_publication where pubname = ?", Integer.class,
                properties.publication()).isEmpty()) {
            jdbc.execute("create publication " + properties.publication() + " for table " + store.table());
        }
        if (!slotExists()) {
            jdbc.queryForList("select pg_create_logical_replication_slot(?, 'pgoutput')", properties.slot());
        }
    }

    boolean slotExists() {
        return !store.jdbc().queryForList("select 1 from pg_replication_slots where slot_name = ?", Integer.class,
                properties.slot()).isEmpty();
    }

    /** Why the legacy server refuses logical replication, when {@code failure} is such a refusal. */
    static Optional<String> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && REFUSALS.contains(sql.getSQLState())) {
                return Optional.of(sql.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    @Override
    public void run(BooleanSupplier keepRunning) throws Exception {
        try (Connection connection = replicationConnection()) {
            PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream().logical()
                    .withSlotName(properties.slot())
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", properties.publication())
                    .withSlotOption("messages", true)
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            PgOutput decoder = new PgOutput();
            List<CapturedChange> pending = new ArrayList<>();
            Batch committed = new Batch();
            while (keepRunning.getAsBoolean()) {
                ByteBuffer message = stream.readPending();
                if (message == null) {
                    // caught up for now: store what has committed, or wait a moment for more
                    if (committed.end == null) {
                        LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
                    } else {
                        flush(committed, stream);
                    }
                    continue;
                }
                PgOutput.Message decoded = decoder.read(message);
                if (decoded instanceof PgOutput.Begin) {
                    pending.clear();
                } else if (decoded instanceof PgOutput.Row row && ours(row.table())) {
                    LegacyRows.fromText(row.values())
                              .ifPresent(legacy -> pending.add(new CapturedChange.Upsert(legacy, Instant.now())));
                } else if (decoded instanceof PgOutput.Deleted deleted && ours(deleted.table())
                           && deleted.key().get("id") != null) {
                    pending.add(new CapturedChange.Removal(Long.parseLong(deleted.key().get("id")), Instant.now()));
                } else if (decoded instanceof PgOutput.Commit commit) {
                    committed.changes.addAll(stamped(pending, commit.committedAt()));
                    committed.end = LogSequenceNumber.valueOf(commit.endLsn());
                    pending.clear();
                    if (committed.changes.size() >= properties.batchSize()) {
                        flush(committed, stream);
                    }
                }
            }
        }
    }

    /** Committed legacy transactions not yet stored, in commit order, and the end of the last one. */
    private static final class Batch {
        final List<CapturedChange> changes = new ArrayList<>();
        LogSequenceNumber end;
    }

    /** Stores the committed transactions, then acknowledges them to the slot and records the position. */
    private void flush(Batch committed, PGReplicationStream stream) throws Exception {
        List<CapturedChange> changes = committed.changes;
        for (int from = 0; from < changes.size(); from += properties.batchSize()) {
            applier.apply(changes.subList(from, Math.min(changes.size(), from + properties.batchSize())), stats);
        }
        stream.setAppliedLSN(committed.end);
        stream.setFlushedLSN(committed.end);
        stream.forceUpdateStatus();
        positions.put(SOURCE, committed.end.asString());
        stats.position(committed.end.asString());
        changes.clear();
        committed.end = null;
    }

    /** The lag counts from the legacy commit, which the commit message carries. */
    private static List<CapturedChange> stamped(List<CapturedChange> changes, Instant committedAt) {
        return changes.stream().map(change -> change instanceof CapturedChange.Upsert upsert
                ? (CapturedChange) new CapturedChange.Upsert(upsert.row(), committedAt)
                : new CapturedChange.Removal(change.id(), committedAt)).toList();
    }

    @Override
    public boolean drain(Duration timeout) throws Exception {
        String marker = store.jdbc().queryForObject(
                "select pg_logical_emit_message(true, ?, ?)::text", String.class, DRAIN_PREFIX, Instant.now().toString());
        long target = LogSequenceNumber.valueOf(marker).asLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (positions.get(SOURCE).map(position -> LogSequenceNumber.valueOf(position).asLong() >= target)
                         .orElse(false)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return false;
    }

    private boolean ours(String qualifiedTable) {
        String table = store.table();
        return table.contains(".") ? qualifiedTable.equals(table) : qualifiedTable.endsWith("." + table);
    }

    private Connection replicationConnection() throws Exception {
        Properties connection = new Properties();
        if (store.username() != null) {
            PGProperty.USER.set(connection, store.username());
        }
        if (store.password() != null) {
            PGProperty.PASSWORD.set(connection, store.password());
        }
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(connection, "10");
        PGProperty.REPLICATION.set(connection, "database");
        PGProperty.PREFER_QUERY_MODE.set(connection, "simple");
        return DriverManager.getConnection(store.url(), connection);
    }
}
