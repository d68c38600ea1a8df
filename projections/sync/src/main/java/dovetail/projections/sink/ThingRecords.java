package dovetail.projections.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.json.Instants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The two record formats of Thing changes, in one place: what the Kafka topics carry and what a webhook posts. An
 * events record is an envelope around one event: {@code {"type","id","version","timestamp","payload"}} (id as text,
 * timestamp the event's own time, payload the event's fields in their declared order). A state record is the legacy
 * row shape: {@code {"id","name","foo","created_on","updated_on","version"}}, with the id, the version and foo
 * (rounded half-even) as integers and the times in RFC 3339.
 *
 * <p>Written with Jackson's streaming generator, field by field: every event a Kafka task publishes passes through
 * here, and binding records through their accessors cost twice as much. {@code ThingRecordsTest} checks the output
 * against Jackson's data binding of the same events, so a field added to an event that is not written here fails it.
 *
 * <p>An event read from the store can also be published without binding its payload to an event object: see
 * {@link StoredThingRecords}.
 */
public final class ThingRecords {

    private static final JsonFactory JSON = new JsonFactory();
    /** Below this magnitude a double rounds to a long exactly (see {@link #legacyFoo}). */
    private static final double EXACT_LONG_BELOW = 0x1p52;

    private ThingRecords() {
    }

    /** The envelope of a Thing event, as JSON; an {@link IllegalArgumentException} for anything else. */
    public static byte[] envelope(Object event) {
        if (event instanceof ThingCreated e) {
            return write(json -> {
                String createdOn = head(json, "ThingCreated", e.id(), e.version(), e.createdOn());
                json.writeStringField("id", e.id());
                json.writeStringField("name", e.name());
                json.writeNumberField("foo", e.foo());
                json.writeStringField("createdOn", createdOn);
                json.writeNumberField("version", e.version());
            });
        } else if (event instanceof ThingUpdated e) {
            return changed("ThingUpdated", e.id(), e.name(), e.foo(), e.createdOn(), e.updatedOn(), e.version());
        } else if (event instanceof ThingImported e) {
            return changed("ThingImported", e.id(), e.name(), e.foo(), e.createdOn(), e.updatedOn(), e.version());
        } else if (event instanceof ThingDeleted e) {
            return ended("ThingDeleted", e.id(), "deletedOn", e.deletedOn(), e.version());
        } else if (event instanceof ThingErased e) {
            return ended("ThingErased", e.id(), "erasedOn", e.erasedOn(), e.version());
        }
        throw new IllegalArgumentException("Not a Thing event: " + (event == null ? null : event.getClass()));
    }

    /** A deletion's or an erasure's envelope: the Thing's id, when it ended, and the version that gave it. */
    private static byte[] ended(String type, String id, String timeField, Instant at, long version) {
        return write(json -> {
            String time = head(json, type, id, version, at);
            json.writeStringField("id", id);
            json.writeStringField(timeField, time);
            json.writeNumberField("version", version);
        });
    }

    /** An update's or an import's envelope: the two events have the same fields. */
    private static byte[] changed(String type, String id, String name, double foo, Instant createdOn,
                                  Instant updatedOn, long version) {
        return write(json -> {
            String updated = head(json, type, id, version, updatedOn);
            json.writeStringField("id", id);
            json.writeStringField("name", name);
            json.writeNumberField("foo", foo);
            json.writeStringField("createdOn", createdOn == null ? null : Instants.format(createdOn));
            json.writeStringField("updatedOn", updated);
            json.writeNumberField("version", version);
        });
    }

    /** A Thing in the legacy shape, as JSON. */
    public static byte[] legacyState(ThingView thing) {
        long id = Long.parseLong(thing.id());
        String createdOn = Instants.format(thing.createdOn());
        String updatedOn = Instants.format(thing.updatedOn());
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("id", id);
            json.writeStringField("name", thing.name());
            json.writeFieldName("foo");
            json.writeNumber(legacyFooText(thing.foo()));
            json.writeStringField("created_on", createdOn);
            json.writeStringField("updated_on", updatedOn);
            json.writeNumberField("version", thing.version());
        });
    }

    /**
     * The legacy store keeps foo as an integer, rounded half to even; a BigInteger, so no double is too large to be
     * written. Below 2^52 {@link Math#rint} rounds exactly so (such a double's shortest decimal form ends in .5 only
     * when the double is exactly that); above it every double is an integer already.
     */
    public static BigInteger legacyFoo(double foo) {
        if (Math.abs(foo) < EXACT_LONG_BELOW) {
            return BigInteger.valueOf(legacyFooBelowExactLimit(foo));
        }
        return BigDecimal.valueOf(foo).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    /** {@link #legacyFoo} as JSON writes it, without a BigInteger where a long holds it exactly. */
    static String legacyFooText(double foo) {
        return Math.abs(foo) < EXACT_LONG_BELOW ? Long.toString(legacyFooBelowExactLimit(foo))
                : legacyFoo(foo).toString();
    }

    /** {@link #legacyFoo} of a foo whose magnitude is below 2^52, as a long. */
    private static long legacyFooBelowExactLimit(double foo) {
        return (long) Math.rint(foo);
    }

    /**
     * Opens the envelope and its payload object (the event's fields follow), and answers the timestamp as written:
     * the event's own time, which its payload holds too.
     */
    private static String head(JsonGenerator json, String type, String id, long version, Instant timestamp)
            throws IOException {
        String time = Instants.format(timestamp);
        json.writeStartObject();
        json.writeStringField("type", type);
        json.writeStringField("id", id);
        json.writeNumberField("version", version);
        json.writeStringField("timestamp", time);
        json.writeObjectFieldStart("payload");
        return time;
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /** One JSON object: the fields written, then every object still open closed. */
    private static byte[] write(Fields fields) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
            try (JsonGenerator json = JSON.createGenerator(bytes)) {
                fields.write(json);
                while (!json.getOutputContext().inRoot()) {
                    json.writeEndObject();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("A Thing record cannot be written as JSON", e);
        }
    }
}
