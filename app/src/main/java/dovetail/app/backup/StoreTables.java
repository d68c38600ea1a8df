package dovetail.app.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What a backup of the event store holds: the tables that make it the source of truth (the events, the snapshots, and
 * the Things' data keys, without which their encrypted fields read as erased), and the sequences that must move past
 * what they hold. Everything else in the database is derived from these (the read model, the sync task table, the
 * migration's mode: rebuilt on the first start after an import) or belongs to a running deployment (the processors'
 * positions, dead letters, instances, capture positions), and is left out on purpose.
 */
final class StoreTables {

    /** A table copied whole, its columns in this order, its rows in {@code orderBy} order. */
    record Table(String name, List<String> columns, String orderBy) {

        String columnList() {
            return String.join(", ", columns);
        }

        String entryName() {
            return name + ".csv";
        }

        /** COPY in PostgreSQL's CSV form: text, so a file written by one server version loads into any other. */
        String copyOut() {
            return "COPY (SELECT " + columnList() + " FROM " + name + " ORDER BY " + orderBy + ") TO STDOUT (FORMAT csv)";
        }

        String copyIn() {
            return "COPY " + name + " (" + columnList() + ") FROM STDIN (FORMAT csv)";
        }
    }

    static final Table EVENTS = new Table("domain_event_entry", List.of("global_index", "event_identifier",
            "aggregate_identifier", "sequence_number", "type", "time_stamp", "payload_type", "payload_revision",
            "payload", "meta_data"), "global_index");

    static final Table SNAPSHOTS = new Table("snapshot_event_entry", List.of("aggregate_identifier",
            "sequence_number", "type", "event_identifier", "time_stamp", "payload_type", "payload_revision", "payload",
            "meta_data"), "aggregate_identifier, sequence_number, type");

    /** Wrapped by the key-encryption key, which no backup holds; an erased Thing's row has no key, only the date. */
    static final Table KEYS = new Table("thing_keys", List.of("thing_id", "wrapped_key", "kek_id", "created_on",
            "erased_on"), "thing_id");

    static final List<Table> TABLES = List.of(EVENTS, SNAPSHOTS, KEYS);

    /** The tables of the first format version, written before names were encrypted: it has no data keys. */
    private static final List<Table> FIRST_VERSION_TABLES = List.of(EVENTS, SNAPSHOTS);

    /** The tables an export of this format version holds (every version this release reads). */
    static List<Table> tables(int formatVersion) {
        return formatVersion == 1 ? FIRST_VERSION_TABLES : TABLES;
    }

    /**
     * The event index (set past the head on import, so no restored index is handed out again) and the Thing ids
     * (so a Thing created after the restore does not get the id of a restored one).
     */
    static final List<String> SEQUENCES = List.of("domain_event_entry_seq", "thing_id_seq");

    /** The name of the entry that describes the others; written last, read first. */
    static final String MANIFEST = "manifest.json";

    private StoreTables() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
