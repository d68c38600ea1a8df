package dovetail.app.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * What an export holds, written after the data so it can say how much there is: the format and its version, the
 * newest event's global index, each table's row count and SHA-256 (the events, the snapshots, the Things' data keys),
 * and the last value each sequence handed out. An import checks the data against it before it commits anything.
 *
 * @param exportedAt ISO-8601 instant
 */
record BackupManifest(String format, int formatVersion, String exportedAt, long head,
                      Map<String, TableContent> tables, Map<String, Long> sequences) {

    static final String FORMAT = "dovetail-event-store";
    /** 2 adds the Things' data keys ({@code thing_keys}); an export of version 1 is still read. */
    static final int FORMAT_VERSION = 2;

    /** The oldest format version this release imports. */
    static final int OLDEST_FORMAT_VERSION = 1;

    // the manifest is one entry of the file: writing and reading it must leave the ZIP stream open
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    /** A table's rows as exported, and the SHA-256 (hex) of its entry's bytes. */
    record TableContent(long rows, String sha256) {
    }

    /** The tables an export in this manifest's format version holds. */
    List<StoreTables.Table> storedTables() {
        return StoreTables.tables(formatVersion);
    }

    /** The rows of a table as exported; 0 for a table this format version does not hold. */
    long rows(StoreTables.Table table) {
        TableContent content = tables == null ? null : tables.get(table.name());
        return content == null ? 0 : content.rows();
    }

    void write(OutputStream out) throws IOException {
        JSON.writeValue(out, this);
    }

    static BackupManifest read(InputStream in) throws IOException {
        return JSON.readValue(in, BackupManifest.class);
    }
}
