package dovetail.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export is checked whole when opened: its manifest, its format and version, and every table of that version with
 * its SHA-256.
 */
class ExportFileTest {

    private static final String EVENTS = "1,e-1,7,0,Thing,2026-01-01T00:00:00Z,T,2,\\x7b7d,\n";

    @TempDir
    Path folder;

    @Test
    void aCompleteExportOpensWithItsManifest() throws Exception {
        try (ExportFile file = ExportFile.open(write("good.zip", manifest(BackupManifest.FORMAT_VERSION, EVENTS)))) {
            assertThat(file.manifest().head()).isEqualTo(1);
            assertThat(file.expected(StoreTables.EVENTS).rows()).isEqualTo(1);
            assertThat(file.manifest().storedTables()).containsExactly(StoreTables.EVENTS, StoreTables.SNAPSHOTS,
                    StoreTables.KEYS);
        }
    }

    @Test
    void anExportOfTheFirstVersionHoldsNoDataKeysAndStillOpens() throws Exception {
        try (ExportFile file = ExportFile.open(write("first.zip", manifest(1, EVENTS), StoreTables.KEYS))) {
            assertThat(file.manifest().storedTables()).containsExactly(StoreTables.EVENTS, StoreTables.SNAPSHOTS);
            assertThat(file.manifest().rows(StoreTables.KEYS)).isZero();
        }
    }

    @Test
    void anExportWithoutItsManifestIsRefused() throws IOException {
        assertThatThrownBy(() -> ExportFile.open(write("bare.zip", null)))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("has no manifest.json");
    }

    @Test
    void anotherFormatVersionIsRefused() throws IOException {
        assertThatThrownBy(() -> ExportFile.open(write("next.zip", manifest(BackupManifest.FORMAT_VERSION + 1, EVENTS))))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("this release reads");
    }

    @Test
    void aTableThatDiffersFromTheManifestIsRefused() throws IOException {
        BackupManifest other = manifest(BackupManifest.FORMAT_VERSION, EVENTS.replace("e-1", "e-2"));
        assertThatThrownBy(() -> ExportFile.open(write("damaged.zip", other)))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("does not have the SHA-256");
    }

    @Test
    void anExportWithoutATableIsRefused() throws IOException {
        assertThatThrownBy(() -> ExportFile.open(write("short.zip", manifest(BackupManifest.FORMAT_VERSION, EVENTS),
                StoreTables.SNAPSHOTS))).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("lacks the table snapshot_event_entry");
        // without its keys, a restored store would read every encrypted name as erased
        assertThatThrownBy(() -> ExportFile.open(write("keyless.zip", manifest(BackupManifest.FORMAT_VERSION, EVENTS),
                StoreTables.KEYS))).isInstanceOf(BackupRefused.class).hasMessageContaining("lacks the table thing_keys");
    }

    /** A manifest of one event and empty other tables, as many as {@code version} holds. */
    private static BackupManifest manifest(int version, String events) {
        Map<String, BackupManifest.TableContent> tables = new LinkedHashMap<>();
        for (StoreTables.Table table : StoreTables.tables(version)) {
            tables.put(table.name(), table == StoreTables.EVENTS ? new BackupManifest.TableContent(1, sha256(events))
                    : new BackupManifest.TableContent(0, sha256("")));
        }
        return new BackupManifest(BackupManifest.FORMAT, version, "2026-01-01T00:00:00Z", 1, tables,
                Map.of("domain_event_entry_seq", 1L, "thing_id_seq", 7L));
    }

    /** An export of one event and no other row, with {@code manifest} (none when null), without the tables named. */
    private Path write(String name, BackupManifest manifest, StoreTables.Table... without) throws IOException {
        Path path = folder.resolve(name);
        try (OutputStream out = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, StoreTables.EVENTS.entryName(), EVENTS.getBytes(StandardCharsets.UTF_8));
            for (StoreTables.Table table : StoreTables.TABLES) {
                if (table != StoreTables.EVENTS && !List.of(without).contains(table)) {
                    entry(zip, table.entryName(), new byte[0]);
                }
            }
            if (manifest != null) {
                zip.putNextEntry(new ZipEntry(StoreTables.MANIFEST));
                manifest.write(zip);
                zip.closeEntry();
            }
        }
        return path;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(StoreTables.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
