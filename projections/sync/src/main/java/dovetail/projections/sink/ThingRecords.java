package dovetail.projections.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.json.Instants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The two record formats of Thing changes, in one place: what the Kafka topics carry and what a webhook posts. An events record is an envelope around one event:
 * {@code {"type","id","version","timestamp","payload"}} (id as text, timestamp the event's own time, payload the
 * event's fields in their declared order). A state record is the legacy row shape:
 * {@code {"id","name","foo","created_on","updated_on","version"}}, with the id, the version and foo (rounded
 * half-even) as integers and the times in RFC 3339.
 *
 * <p>Written with Jackson's streaming generator, field by field: every event a Kafka task publishes passes through
 * here, and binding records through their accessors cost twice as much. {@code ThingRecordsTest} checks the output
 * against Jackson's data binding of the same events, so a field added to an event that is not written here fails it.
 *
 * <p>An event read from the store can also be published without binding its payload to an event object
 * ({@link #fromStored}): the envelope takes the payload's JSON as stored, and the state record the fields read from
 * it with Jackson's streaming parser. Binding each payload (and parsing its times) was half of what publishing an
 * event cost. The stored JSON is the event's fields in declared order, as the application's mapper writes them,
 * which is what the envelope holds; a payload in any other shape is answered with null and goes the bound way.
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
            return write(json -> {
                String deletedOn = head(json, "ThingDeleted", e.id(), e.version(), e.deletedOn());
                json.writeStringField("id", e.id());
                json.writeStringField("deletedOn", deletedOn);
                json.writeNumberField("version", e.version());
            });
        }
        throw new IllegalArgumentException("Not a Thing event: " + (event == null ? null : event.getClass()));
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

    /**
     * A Thing event's records read from its payload as stored (JSON, UTF-8): its envelope, with the stored JSON as
     * its payload, and its state in the legacy shape (none for a deletion). Null unless the payload holds exactly
     * the event's fields in their declared order, its times written as {@link Instants#format} writes them, a finite
     * foo, a name within the Basic Multilingual Plane, and a created time for a state: anything else is published
     * from the bound event, which says what is wrong with it or writes it in its own form.
     */
    public static Stored fromStored(Class<?> type, byte[] payload) {
        Shape shape = Shape.of(type);
        if (shape == null || payload == null) {
            return null;
        }
        try (JsonParser json = JSON.createParser(payload)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            StoredFields fields = new StoredFields();
            for (String field : shape.fields()) {
                if (json.nextToken() != JsonToken.FIELD_NAME || !field.equals(json.currentName())
                        || !fields.read(field, json.nextToken(), json)) {
                    return null;
                }
            }
            if (json.nextToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                return null;
            }
            String time = shape == Shape.CREATED ? fields.createdOn : shape == Shape.DELETED ? fields.deletedOn
                    : fields.updatedOn;
            byte[] envelope = storedEnvelope(shape.type(), fields.id, fields.version, time, payload);
            if (shape == Shape.DELETED) {
                return new Stored(fields.id, fields.version, shape.type(), envelope, null);
            }
            String updatedOn = shape == Shape.CREATED ? fields.createdOn : fields.updatedOn;
            return new Stored(fields.id, fields.version, shape.type(), envelope,
                    storedState(fields, updatedOn));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A Thing event's records as {@link #fromStored} reads them: its id and version, its type's simple name, the
     * envelope, and the state (null for a deletion, which leaves a tombstone).
     */
    public record Stored(String id, long version, String type, byte[] envelope, byte[] state) {

        public boolean deletion() {
            return state == null;
        }
    }

    /** The Thing events' payloads as stored: their fields, in declared order. */
    private enum Shape {
        CREATED(ThingCreated.class, List.of("id", "name", "foo", "createdOn", "version")),
        UPDATED(ThingUpdated.class, List.of("id", "name", "foo", "createdOn", "updatedOn", "version")),
        IMPORTED(ThingImported.class, List.of("id", "name", "foo", "createdOn", "updatedOn", "version")),
        DELETED(ThingDeleted.class, List.of("id", "deletedOn", "version"));

        private final Class<?> eventType;
        private final String type;
        private final List<String> fields;

        Shape(Class<?> eventType, List<String> fields) {
            this.eventType = eventType;
            this.type = eventType.getSimpleName();
            this.fields = fields;
        }

        String type() {
            return type;
        }

        List<String> fields() {
            return fields;
        }

        static Shape of(Class<?> type) {
            for (Shape shape : values()) {
                if (shape.eventType == type) {
                    return shape;
                }
            }
            return null;
        }
    }

    /** The fields of a stored payload, as read so far: names as escaped JSON, times as their text. */
    private static final class StoredFields {
        String id;
        long numericId;
        byte[] name;
        double foo;
        String createdOn;
        String updatedOn;
        String deletedOn;
        long version;

        /** Reads the field's value; false when it is not as the application writes it. */
        boolean read(String field, JsonToken token, JsonParser json) throws IOException {
            switch (field) {
                case "id" -> {
                    if (token != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    id = json.getText();
                    numericId = Long.parseLong(id);
                    return true;
                }
                case "name" -> {
                    if (token == JsonToken.VALUE_NULL) {
                        name = NULL;
                        return true;
                    }
                    if (token != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    String text = json.getText();
                    if (hasSurrogates(text)) {
                        return false; // Jackson's generator escapes a pair, its string encoder writes the character
                    }
                    name = quoted(text);
                    return true;
                }
                case "foo" -> {
                    if (token != JsonToken.VALUE_NUMBER_FLOAT) {
                        return false; // the mapper writes a double with its fraction or exponent
                    }
                    foo = json.getDoubleValue();
                    return Double.isFinite(foo);
                }
                case "createdOn" -> {
                    createdOn = time(token, json);
                    return createdOn != null;
                }
                case "updatedOn" -> {
                    updatedOn = time(token, json);
                    return updatedOn != null;
                }
                case "deletedOn" -> {
                    deletedOn = time(token, json);
                    return deletedOn != null;
                }
                case "version" -> {
                    if (token != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT
                            && json.getNumberType() != JsonParser.NumberType.LONG) {
                        return false;
                    }
                    version = json.getLongValue();
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        private static boolean hasSurrogates(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (Character.isSurrogate(text.charAt(i))) {
                    return true;
                }
            }
            return false;
        }

        private static String time(JsonToken token, JsonParser json) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                return null;
            }
            String text = json.getText();
            return Instants.isFormatted(text) ? text : null;
        }
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** A string as a JSON string, quotes included, escaped as Jackson's generator escapes it. */
    private static byte[] quoted(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    /** {@code {"type","id","version","timestamp","payload"}} around the payload as stored. */
    private static byte[] storedEnvelope(String type, String id, long version, String timestamp, byte[] payload) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(payload.length + 96)) {
            ascii(bytes, "{\"type\":\"", type, "\",\"id\":");
            bytes.write(quoted(id));
            ascii(bytes, ",\"version\":", Long.toString(version), ",\"timestamp\":\"", timestamp, "\",\"payload\":");
            bytes.write(payload);
            bytes.append('}');
            return bytes.toByteArray();
        }
    }

    /** The legacy shape of a stored Created, Updated or Imported event, as {@link #legacyState} writes it. */
    private static byte[] storedState(StoredFields fields, String updatedOn) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(fields.name.length + 128)) {
            ascii(bytes, "{\"id\":", Long.toString(fields.numericId), ",\"name\":");
            bytes.write(fields.name);
            ascii(bytes, ",\"foo\":", legacyFooText(fields.foo), ",\"created_on\":\"", fields.createdOn,
                    "\",\"updated_on\":\"", updatedOn, "\",\"version\":", Long.toString(fields.version), "}");
            return bytes.toByteArray();
        }
    }

    /** Appends text that is ASCII (checked by its writers: names, digits, formatted times). */
    private static void ascii(ByteArrayBuilder bytes, String... texts) {
        for (String text : texts) {
            bytes.write(text.getBytes(StandardCharsets.US_ASCII));
        }
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
    private static String legacyFooText(double foo) {
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
