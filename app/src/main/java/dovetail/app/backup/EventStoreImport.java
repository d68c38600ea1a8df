package dovetail.app.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a checked export ({@link ExportFile}) into an empty event store, in one transaction: every table is copied
 * in and checked against the manifest's row count and SHA-256, the sequences are moved past what was loaded, and the
 * import is recorded for the first start to rebuild the read model from. Any mismatch rolls everything back.
 */
final class EventStoreImport {

    private EventStoreImport() {
    }

    static BackupManifest load(Connection connection, ExportFile file) throws BackupRefused, SQLException, IOException {
        BackupManifest manifest = file.manifest();
        connection.setAutoCommit(false);
        try {
            requireEmptyStore(connection);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (StoreTables.Table table : manifest.storedTables()) {
                copyIn(copy, file, table);
            }
            requireHead(connection, manifest.head(), file.path());
            moveSequences(connection, manifest);
            record(connection, manifest);
            connection.commit();
            return manifest;
        } catch (BackupRefused | SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** A JDBC URL as it may be printed: without its parameters, which may hold a password. */
    static String shown(String jdbcUrl) {
        int parameters = jdbcUrl.indexOf('?');
        return parameters < 0 ? jdbcUrl : jdbcUrl.substring(0, parameters);
    }

    /** Locks the store's tables against writers for the transaction, and refuses a store that holds anything. */
    private static void requireEmptyStore(Connection connection) throws SQLException, BackupRefused {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE domain_event_entry, snapshot_event_entry, thing_keys IN EXCLUSIVE MODE");
            try (ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM domain_event_entry), "
                                                       + "(SELECT count(*) FROM snapshot_event_entry), "
                                                       + "(SELECT count(*) FROM thing_keys)")) {
                rs.next();
                if (rs.getLong(1) > 0 || rs.getLong(2) > 0 || rs.getLong(3) > 0) {
                    throw new BackupRefused("The event store of " + shown(connection.getMetaData().getURL()) + " holds "
                            + rs.getLong(1) + " event(s), " + rs.getLong(2) + " snapshot(s) and " + rs.getLong(3)
                            + " Thing key(s): an export is imported only into an empty store (a fresh database, "
                            + "before Dovetail first starts on it)");
                }
            }
        }
    }

    /** Copies one table in; the file was checked when opened, and is checked again as it is read. */
    private static void copyIn(CopyManager copy, ExportFile file, StoreTables.Table table)
            throws SQLException, IOException, BackupRefused {
        DigestInputStream in = file.table(table);
        long rows;
        try (in) {
            rows = copy.copyIn(table.copyIn(), in);
        }
        BackupManifest.TableContent expected = file.expected(table);
        if (rows != expected.rows() || !file.matches(table, in)) {
            throw new BackupRefused(file.path() + " is damaged: " + table.name() + " loaded " + rows
                                    + " row(s) where its manifest says " + expected.rows());
        }
    }

    private static void requireHead(Connection connection, long head, Path file) throws SQLException, BackupRefused {
        long loaded = single(connection, "SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
        if (loaded != head) {
            throw new BackupRefused(file + " is damaged: its newest event is " + loaded + ", the manifest says " + head);
        }
    }

    /** Each sequence past the last value it handed out at the export, the event index at least past the head. */
    private static void moveSequences(Connection connection, BackupManifest manifest) throws SQLException {
        for (String sequence : StoreTables.SEQUENCES) {
            long last = manifest.sequences().getOrDefault(sequence, 0L);
            if (sequence.equals("domain_event_entry_seq")) {
                last = Math.max(last, manifest.head());
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT setval(?, ?, ?)")) {
                statement.setString(1, sequence);
                statement.setLong(2, Math.max(last, 1));
                statement.setBoolean(3, last > 0);
                statement.execute();
            }
        }
    }

    private static void record(Connection connection, BackupManifest manifest) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO event_store_restore "
                + "(imported_at, exported_at, head, events, snapshots) VALUES (?, ?, ?, ?, ?)")) {
            statement.setTimestamp(1, Timestamp.from(Instant.now()));
            statement.setString(2, manifest.exportedAt());
            statement.setLong(3, manifest.head());
            statement.setLong(4, manifest.rows(StoreTables.EVENTS));
            statement.setLong(5, manifest.rows(StoreTables.SNAPSHOTS));
            statement.execute();
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
