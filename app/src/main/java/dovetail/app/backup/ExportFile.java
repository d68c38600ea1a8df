package dovetail.app.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An export opened for import, checked whole before any database is touched: it must be a complete ZIP (a truncated
 * file has no central directory), name this format and a version this release reads in its manifest, and hold every
 * table of that version with the SHA-256 the manifest gives.
 */
final class ExportFile implements AutoCloseable {

    private final Path path;
    private final ZipFile zip;
    private final BackupManifest manifest;

    private ExportFile(Path path, ZipFile zip, BackupManifest manifest) {
        this.path = path;
        this.zip = zip;
        this.manifest = manifest;
    }

    static ExportFile open(Path path) throws BackupRefused {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (IOException e) {
            throw new BackupRefused(path + " is not a complete export (truncated or damaged: " + e.getMessage() + ")", e);
        }
        try {
            ExportFile file = new ExportFile(path, zip, manifest(zip, path));
            for (StoreTables.Table table : file.manifest.storedTables()) {
                file.verify(table);
            }
            return file;
        } catch (BackupRefused | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    BackupManifest manifest() {
        return manifest;
    }

    Path path() {
        return path;
    }

    /** The table's CSV, with a digest to compare with the manifest once read. */
    DigestInputStream table(StoreTables.Table table) throws IOException {
        return new DigestInputStream(zip.getInputStream(zip.getEntry(table.entryName())), StoreTables.sha256());
    }

    /** Whether a digest over a table's whole CSV is the one the manifest gives. */
    boolean matches(StoreTables.Table table, DigestInputStream read) {
        return HexFormat.of().formatHex(read.getMessageDigest().digest()).equals(expected(table).sha256());
    }

    BackupManifest.TableContent expected(StoreTables.Table table) {
        return manifest.tables().get(table.name());
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private void verify(StoreTables.Table table) throws BackupRefused {
        try (DigestInputStream in = table(table)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            if (!matches(table, in)) {
                throw new BackupRefused(path + " is damaged: " + table.entryName()
                                        + " does not have the SHA-256 its manifest gives");
            }
        } catch (IOException e) {
            throw new BackupRefused(path + " is damaged in " + table.entryName() + ": " + e.getMessage(), e);
        }
    }

    private static BackupManifest manifest(ZipFile zip, Path path) throws BackupRefused {
        ZipEntry entry = zip.getEntry(StoreTables.MANIFEST);
        if (entry == null) {
            throw new BackupRefused(path + " has no " + StoreTables.MANIFEST + ": not an export of Dovetail's event store");
        }
        BackupManifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = BackupManifest.read(in);
        } catch (IOException e) {
            throw new BackupRefused(path + " has an unreadable manifest: " + e.getMessage(), e);
        }
        if (!BackupManifest.FORMAT.equals(manifest.format())
            || manifest.formatVersion() < BackupManifest.OLDEST_FORMAT_VERSION
            || manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
            throw new BackupRefused(path + " is " + manifest.format() + " version " + manifest.formatVersion()
                                    + "; this release reads " + BackupManifest.FORMAT + " versions "
                                    + BackupManifest.OLDEST_FORMAT_VERSION + " to " + BackupManifest.FORMAT_VERSION);
        }
        for (StoreTables.Table table : manifest.storedTables()) {
            if (manifest.tables() == null || !manifest.tables().containsKey(table.name())
                || zip.getEntry(table.entryName()) == null) {
                throw new BackupRefused(path + " lacks the table " + table.name());
            }
        }
        return manifest;
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
