package dovetail.app.support;

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

    public long countFor(String thingId) {
        Long count = jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, thingId);
        return count == null ? 0 : count;
    }
}
