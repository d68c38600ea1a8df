package dovetail.projections.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import dovetail.projections.json.Instants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Thing event's records (see {@link ThingRecords}) read from its payload as stored, without binding it to an
 * event object: its id and version, its type's simple name, the envelope, and the state (null for a deletion or an
 * erasure, which leave a tombstone). The envelope takes the payload's JSON as stored, and the state record the fields read from it
 * with Jackson's streaming parser. Binding each payload (and parsing its times) was half of what publishing an event
 * cost. The stored JSON is the event's fields in declared order, as the application's mapper writes them, which is
 * what the envelope holds; a payload in any other shape is answered with null and goes the bound way.
 */
public record StoredThingRecords(String id, long version, String type, byte[] envelope, byte[] state) {

    private static final JsonFactory JSON = new JsonFactory();

    public boolean deletion() {
        return state == null;
    }

    /**
     * The records of a Thing event whose payload is stored as JSON (UTF-8): its envelope, with the stored JSON as its
     * payload, and its state in the legacy shape (none for a deletion). Null unless the payload holds exactly the
     * event's fields in their declared order, its times written as {@link Instants#format} writes them, a finite foo,
     * a name within the Basic Multilingual Plane, and a created time for a state: anything else is published from the
     * bound event, which says what is wrong with it or writes it in its own form.
     */
    public static StoredThingRecords read(Class<?> type, byte[] payload) {
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
            boolean removal = shape == Shape.DELETED || shape == Shape.ERASED;
            String time = shape == Shape.CREATED ? fields.createdOn : removal ? fields.deletedOn : fields.updatedOn;
            byte[] envelope = storedEnvelope(shape.type(), fields.id, fields.version, time, payload);
            if (removal) {
                return new StoredThingRecords(fields.id, fields.version, shape.type(), envelope, null);
            }
            String updatedOn = shape == Shape.CREATED ? fields.createdOn : fields.updatedOn;
            return new StoredThingRecords(fields.id, fields.version, shape.type(), envelope,
                    storedState(fields, updatedOn));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The Thing events' payloads as stored: their fields, in declared order. */
    private enum Shape {
        CREATED(ThingCreated.class, List.of("id", "name", "foo", "createdOn", "version")),
        UPDATED(ThingUpdated.class, List.of("id", "name", "foo", "createdOn", "updatedOn", "version")),
        IMPORTED(ThingImported.class, List.of("id", "name", "foo", "createdOn", "updatedOn", "version")),
        DELETED(ThingDeleted.class, List.of("id", "deletedOn", "version")),
        ERASED(ThingErased.class, List.of("id", "erasedOn", "version"));

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
                    if (token != JsonToken.VALUE_STRING) {
                        // null: the Thing was erased, and the bound event makes a removal of it
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
                case "deletedOn", "erasedOn" -> {
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

    /** The legacy shape of a stored Created, Updated or Imported event, as {@link ThingRecords#legacyState} writes. */
    private static byte[] storedState(StoredFields fields, String updatedOn) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(fields.name.length + 128)) {
            ascii(bytes, "{\"id\":", Long.toString(fields.numericId), ",\"name\":");
            bytes.write(fields.name);
            ascii(bytes, ",\"foo\":", ThingRecords.legacyFooText(fields.foo), ",\"created_on\":\"", fields.createdOn,
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
}
