package dovetail.app.support;

import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes Things straight into the event store as the releases before event revisions stored them: with no payload
 * revision, and an update in the first release's shape ({@code id, name, foo, updatedOn, version}: no createdOn).
 */
public final class OlderRelease {

    public static final Instant CREATED = Instant.parse("2021-03-04T05:06:07Z");
    public static final Instant UPDATED = Instant.parse("2021-04-05T06:07:08.250Z");
    public static final String TRACE_ID = "older-release";

    private final JdbcTemplate jdbc;

    public OlderRelease(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A Thing (id {@code 9100000000 + n}, out of the way of allocated ids) created as {@code name} at {@link #CREATED}
     * and updated to {@code name + " renamed"} (foo 2.5, version 2) at {@link #UPDATED}; answers its id.
     */
    public String thing(long n, String name) {
        String id = Long.toString(9_100_000_000L + n);
        append(id, 0, ThingCreated.class, "{\"id\":\"" + id + "\",\"name\":\"" + name
                                          + "\",\"foo\":1.5,\"createdOn\":\"" + CREATED + "\",\"version\":1}");
        append(id, 1, ThingUpdated.class, firstReleaseUpdate(id, name + " renamed"));
        return id;
    }

    /** An update to version 2 as the first release stored it. */
    public static String firstReleaseUpdate(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"foo\":2.5,\"updatedOn\":\"" + UPDATED
               + "\",\"version\":2}";
    }

    /** Appends an event of the Thing with this payload, as the store's own writes do but with no revision. */
    public void append(String thingId, long sequence, Class<?> type, String payload) {
        jdbc.update("insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                    + "time_stamp, payload_type, payload_revision, payload, meta_data) "
                    + "values (?, ?, ?, 'Thing', ?, ?, null, ?, ?)",
                UUID.randomUUID().toString(), thingId, sequence, DateTimeUtils.formatInstant(Instant.now()),
                type.getName(), bytes(payload), bytes("{\"traceId\":\"" + TRACE_ID + "\"}"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
