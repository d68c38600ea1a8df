package dovetail.app.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes the event store to a portable file with PostgreSQL's COPY (pgjdbc's {@link CopyManager}), from one
 * read-only REPEATABLE READ transaction: the events, the snapshots, the Things' data keys and the head all come from
 * one snapshot of the database, so the file is consistent while Dovetail goes on writing (a key is made in the
 * transaction that writes the first event or snapshot it encrypts, and erased in the erasure's, so the file holds a
 * key for every encrypted row in it and none for a Thing its events say is erased). The file is a ZIP: one CSV entry
 * per table, then {@link BackupManifest}. It is written beside the target and moved into place once complete.
 */
final class EventStoreExport {

    private EventStoreExport() {
    }

    static BackupManifest export(Connection connection, Path file) throws SQLException, IOException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            BackupManifest manifest;
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                long head = head(connection);
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                Map<String, BackupManifest.TableContent> tables = new LinkedHashMap<>();
                for (StoreTables.Table table : StoreTables.TABLES) {
                    zip.putNextEntry(new ZipEntry(table.entryName()));
                    DigestOutputStream digest = new DigestOutputStream(zip, StoreTables.sha256());
                    long rows = copy.copyOut(table.copyOut(), digest);
                    zip.closeEntry();
                    tables.put(table.name(), new BackupManifest.TableContent(rows,
                            HexFormat.of().formatHex(digest.getMessageDigest().digest())));
                }
                manifest = new BackupManifest(BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION,
                        Instant.now().toString(), head, tables, sequences(connection));
                zip.putNextEntry(new ZipEntry(StoreTables.MANIFEST));
                manifest.write(zip);
                zip.closeEntry();
            }
            connection.commit();
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static long head(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The last value each sequence handed out (0: none yet); sequences are outside transactions, so at least that. */
    private static Map<String, Long> sequences(Connection connection) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String sequence : StoreTables.SEQUENCES) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
                rs.next();
                values.put(sequence, rs.getBoolean(2) ? rs.getLong(1) : rs.getLong(1) - 1);
            }
        }
        return values;
    }
}
