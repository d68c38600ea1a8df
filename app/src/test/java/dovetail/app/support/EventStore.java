package dovetail.app.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** The simple type names of an aggregate's events, in their order (e.g. {@code ThingImported}). */
    public List<String> typesFor(String aggregateId) {
        return jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                                 + "order by sequence_number", String.class, aggregateId).stream()
                   .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** Every Thing's event versions, in the order of its events. */
    public Map<String, List<Long>> versionsByThing() {
        Map<String, List<Long>> versions = new TreeMap<>();
        jdbc.query("select aggregate_identifier, convert_from(payload, 'UTF8')::jsonb ->> 'version' as version "
                   + "from domain_event_entry where type = 'Thing' order by aggregate_identifier, sequence_number",
                row -> {
                    versions.computeIfAbsent(row.getString(1), id -> new ArrayList<>())
                            .add(Long.parseLong(row.getString(2)));
                });
        return versions;
    }

    /**
     * Ids of Things with an event whose version is not above the version of the event before it: a change applied
     * twice, or one that came back around a loop.
     */
    public List<String> thingsWhoseVersionsDoNotRise() {
        return versionsByThing().entrySet().stream().filter(thing -> !rising(thing.getValue()))
                                .map(Map.Entry::getKey).toList();
    }

    private static boolean rising(List<Long> versions) {
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i) <= versions.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
