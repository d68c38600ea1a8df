package dovetail.migration.capture;

import dovetail.migration.legacy.LegacyRow;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Legacy rows read from text values (replication tuples); a row missing a required value is passed over. */
final class LegacyRows {

    private static final Logger log = LoggerFactory.getLogger(LegacyRows.class);

    private LegacyRows() {
    }

    static Optional<LegacyRow> fromText(Map<String, String> values) {
        try {
            return Optional.of(new LegacyRow(Long.parseLong(values.get("id")), values.get("name"),
                    Long.parseLong(values.get("foo")), PgOutput.parseTimestamp(values.get("created_on")),
                    PgOutput.parseTimestamp(values.get("updated_on")), Long.parseLong(values.get("version"))));
        } catch (RuntimeException malformed) {
            log.warn("Legacy row {} cannot be read and is passed over: {}", values.get("id"), malformed.toString());
            return Optional.empty();
        }
    }
}
