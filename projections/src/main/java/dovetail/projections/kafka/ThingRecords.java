package dovetail.projections.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.json.InstantJsonModule;
import dovetail.projections.json.Instants;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The two record formats of the Thing topics, in one place. An events record is an envelope around one event:
 * {@code {"type","id","version","timestamp","payload"}} (id as text, timestamp the event's own time). A state record
 * is the legacy row shape: {@code {"id","name","foo","created_on","updated_on","version"}}, with the id, the version
 * and foo (rounded half-even) as integers and the times in RFC 3339.
 */
public final class ThingRecords {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(InstantJsonModule.withWriter())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ThingRecords() {
    }

    /** An events record: one event in its envelope. */
    @JsonPropertyOrder({"type", "id", "version", "timestamp", "payload"})
    record Envelope(String type, String id, long version, String timestamp, Object payload) {
    }

    /** A state record: a Thing in the legacy row shape. */
    @JsonPropertyOrder({"id", "name", "foo", "created_on", "updated_on", "version"})
    record LegacyState(long id, String name, BigInteger foo, @JsonProperty("created_on") String createdOn,
                               @JsonProperty("updated_on") String updatedOn, long version) {
    }

    // typed writers, resolved once: a Map would look up a serializer for every value of every record
    private static final ObjectWriter ENVELOPES = JSON.writerFor(Envelope.class);
    private static final ObjectWriter STATES = JSON.writerFor(LegacyState.class);

    /** The envelope of a Thing event, as JSON; an {@link IllegalArgumentException} for anything else. */
    public static byte[] envelope(Object event) {
        Envelope envelope;
        if (event instanceof ThingCreated e) {
            envelope = new Envelope("ThingCreated", e.id(), e.version(), Instants.format(e.createdOn()), e);
        } else if (event instanceof ThingUpdated e) {
            envelope = new Envelope("ThingUpdated", e.id(), e.version(), Instants.format(e.updatedOn()), e);
        } else if (event instanceof ThingImported e) {
            envelope = new Envelope("ThingImported", e.id(), e.version(), Instants.format(e.updatedOn()), e);
        } else if (event instanceof ThingDeleted e) {
            envelope = new Envelope("ThingDeleted", e.id(), e.version(), Instants.format(e.deletedOn()), e);
        } else {
            throw new IllegalArgumentException("Not a Thing event: " + (event == null ? null : event.getClass()));
        }
        return write(ENVELOPES, envelope);
    }

    /** A Thing in the legacy shape, as JSON. */
    public static byte[] legacyState(ThingView thing) {
        return write(STATES, new LegacyState(Long.parseLong(thing.id()), thing.name(), legacyFoo(thing.foo()),
                Instants.format(thing.createdOn()), Instants.format(thing.updatedOn()), thing.version()));
    }

    /**
     * The legacy store keeps foo as an integer, rounded half to even; a BigInteger, so no double is too large to be
     * written. Below 2^52 {@link Math#rint} rounds exactly so (such a double's shortest decimal form ends in .5 only
     * when the double is exactly that); above it every double is an integer already.
     */
    static BigInteger legacyFoo(double foo) {
        if (Math.abs(foo) < 0x1p52) {
            return BigInteger.valueOf((long) Math.rint(foo));
        }
        return BigDecimal.valueOf(foo).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    private static byte[] write(ObjectWriter writer, Object record) {
        try {
            return writer.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A Thing record cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
