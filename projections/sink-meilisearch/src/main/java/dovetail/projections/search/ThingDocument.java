package dovetail.projections.search;

import dovetail.domain.thing.ThingView;
import dovetail.projections.json.Instants;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping between a {@link ThingView} and its search document. Times are stored twice: as ISO-8601 text
 * (exact, readable) and as epoch milliseconds, because Meilisearch filters and sorts numbers, not dates.
 */
public final class ThingDocument {

    public static final String PRIMARY_KEY = "id";
    public static final List<String> SEARCHABLE_ATTRIBUTES = List.of("name");
    public static final List<String> FILTERABLE_ATTRIBUTES =
            List.of("id", "foo", "version", "createdOnEpochMillis", "updatedOnEpochMillis");
    public static final List<String> SORTABLE_ATTRIBUTES =
            List.of("name", "foo", "version", "createdOnEpochMillis", "updatedOnEpochMillis");

    private ThingDocument() {
    }

    /** The Thing's search document: a new map on every call, the caller's to change (a task's transform does). */
    public static Map<String, Object> toDocument(ThingView thing) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", thing.id());
        document.put("name", thing.name());
        document.put("foo", thing.foo());
        document.put("version", thing.version());
        document.put("createdOn", Instants.format(thing.createdOn()));
        document.put("updatedOn", Instants.format(thing.updatedOn()));
        document.put("createdOnEpochMillis", thing.createdOn().toEpochMilli());
        document.put("updatedOnEpochMillis", thing.updatedOn().toEpochMilli());
        return document;
    }

    /**
     * Reads a document back, whatever JSON library produced the map (numbers may be any {@link Number}, or text).
     * Extra fields are ignored; a missing or malformed field is an {@link IllegalArgumentException} naming it.
     */
    public static ThingView fromDocument(Map<String, ?> document) {
        return new ThingView(id(document), text(document, "name"), number(document, "foo").doubleValue(),
                instant(document, "createdOn"), instant(document, "updatedOn"), whole(document, "version"));
    }

    private static String id(Map<String, ?> document) {
        Object value = required(document, "id");
        if (value instanceof Number) {
            return Long.toString(integral(document, "id", value));
        }
        return value.toString();
    }

    private static String text(Map<String, ?> document, String field) {
        if (!(required(document, field) instanceof String value)) {
            throw malformed(document, field, "is not text");
        }
        return value;
    }

    private static Number number(Map<String, ?> document, String field) {
        Object value = required(document, field);
        if (value instanceof Number number) {
            return number;
        }
        try {
            return new BigDecimal(value.toString());
        } catch (NumberFormatException e) {
            throw malformed(document, field, "is not a number");
        }
    }

    private static long whole(Map<String, ?> document, String field) {
        return integral(document, field, number(document, field));
    }

    private static long integral(Map<String, ?> document, String field, Object value) {
        try {
            return new BigDecimal(value.toString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw malformed(document, field, "is not a whole number");
        }
    }

    /** The ISO-8601 field, or else its epoch-millisecond twin. */
    private static Instant instant(Map<String, ?> document, String field) {
        Object value = document.get(field);
        if (value == null && document.get(field + "EpochMillis") != null) {
            return Instant.ofEpochMilli(whole(document, field + "EpochMillis"));
        }
        try {
            return Instant.parse(required(document, field).toString());
        } catch (DateTimeParseException e) {
            throw malformed(document, field, "is not an ISO-8601 instant");
        }
    }

    private static Object required(Map<String, ?> document, String field) {
        Object value = document.get(field);
        if (value == null) {
            throw new IllegalArgumentException("Thing document " + document.get("id") + " has no " + field);
        }
        return value;
    }

    private static IllegalArgumentException malformed(Map<String, ?> document, String field, String problem) {
        return new IllegalArgumentException("Thing document " + document.get("id") + ": " + field + " " + problem
                + " (" + document.get(field) + ")");
    }
}
