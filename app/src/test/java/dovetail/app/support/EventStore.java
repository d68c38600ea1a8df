package dovetail.app.support;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the event store directly, to prove what a request appended (or did not). */
public final class EventStore {

    private final JdbcTemplate jdbc;

    public EventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Appends under {@code newThingId}, as its first event, a copy of event {@code sequence} of {@code thingId}, its
     * payload's JSON text changed by {@code edit} (the Thing id is replaced already): an event as an older release
     * stored it, past today's rules.
     */
    public void appendEditedCopy(String thingId, long sequence, String newThingId, UnaryOperator<String> edit) {
        String payload = jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = ?", String.class, thingId, sequence);
        String copied = edit.apply(payload.replace("\"" + thingId + "\"", "\"" + newThingId + "\""));
        jdbc.update("insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                    + "time_stamp, payload_type, payload_revision, payload, meta_data) select ?, ?, 0, type, time_stamp, "
                    + "payload_type, payload_revision, ?, meta_data from domain_event_entry "
                    + "where aggregate_identifier = ? and sequence_number = ?",
                UUID.randomUUID().toString(), newThingId, copied.getBytes(StandardCharsets.UTF_8), thingId, sequence);
    }

    public long countFor(String thingId) {
        Long count = jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, thingId);
        return count == null ? 0 : count;
    }
}
