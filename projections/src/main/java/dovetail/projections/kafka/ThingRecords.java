package dovetail.projections.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two record formats of the Thing topics, in one place. An events record is an envelope around one event:
 * {@code {"type","id","version","timestamp","payload"}} (id as text, timestamp the event's own time). A state record
 * is the legacy row shape: {@code {"id","name","foo","created_on","updated_on","version"}}, with the id, the version
 * and foo (rounded half-even) as integers and the times in RFC 3339.
 */
public final class ThingRecords {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ThingRecords() {
    }

    /** The envelope of a Thing event; an {@link IllegalArgumentException} for anything else. */
    public static Map<String, Object> envelope(Object event) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", event.getClass().getSimpleName());
        if (event instanceof ThingCreated e) {
            put(envelope, e.id(), e.version(), e.createdOn());
        } else if (event instanceof ThingUpdated e) {
            put(envelope, e.id(), e.version(), e.updatedOn());
        } else if (event instanceof ThingImported e) {
            put(envelope, e.id(), e.version(), e.updatedOn());
        } else if (event instanceof ThingDeleted e) {
            put(envelope, e.id(), e.version(), e.deletedOn());
        } else {
            throw new IllegalArgumentException("Not a Thing event: " + (event == null ? null : event.getClass()));
        }
        envelope.put("payload", event);
        return envelope;
    }

    /** A Thing in the legacy shape. */
    public static Map<String, Object> legacyState(ThingView thing) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", Long.parseLong(thing.id()));
        state.put("name", thing.name());
        state.put("foo", legacyFoo(thing.foo()));
        state.put("created_on", thing.createdOn().toString());
        state.put("updated_on", thing.updatedOn().toString());
        state.put("version", thing.version());
        return state;
    }

    /** The legacy store keeps foo as an integer; a BigInteger, so no double is too large to be written. */
    static BigInteger legacyFoo(double foo) {
        return BigDecimal.valueOf(foo).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    public static byte[] json(Map<String, Object> record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A Thing record cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void put(Map<String, Object> envelope, String id, long version, Instant timestamp) {
        envelope.put("id", id);
        envelope.put("version", version);
        envelope.put("timestamp", timestamp.toString());
    }
}
