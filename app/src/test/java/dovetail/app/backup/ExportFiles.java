package dovetail.app.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Export files changed as a damaged disk or a careless hand would change them, still valid ZIPs. */
final class ExportFiles {

    private ExportFiles() {
    }

    /** The same export with the last row of the events' CSV gone and its manifest as it was. */
    static byte[] withoutLastEvent(byte[] export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(export));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals(StoreTables.EVENTS.entryName())) {
                    String csv = new String(content, StandardCharsets.UTF_8);
                    content = csv.substring(0, csv.lastIndexOf('\n', csv.length() - 2) + 1)
                                 .getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
