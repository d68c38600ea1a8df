package dovetail.migration.facade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.migration.legacy.LegacyRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy wire format: a Thing is {@code {"id","name","foo","created-on","updated-on","version"}} with integer id,
 * foo and version and RFC 3339 times; an error is {@code {"error-message": "..."}}.
 */
public final class LegacyJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LegacyJson() {
    }

    static Map<String, Object> thing(LegacyRow row) {
        Map<String, Object> thing = new LinkedHashMap<>();
        thing.put("id", row.id());
        thing.put("name", row.name());
        thing.put("foo", row.foo());
        thing.put("created-on", row.createdOn() == null ? null : row.createdOn().toString());
        thing.put("updated-on", row.updatedOn() == null ? null : row.updatedOn().toString());
        thing.put("version", row.version());
        return thing;
    }

    static List<Map<String, Object>> things(List<LegacyRow> rows) {
        return rows.stream().map(LegacyJson::thing).toList();
    }

    /** An error body in the legacy shape, as bytes (also for the security filters' 401 and 403). */
    public static byte[] error(String message) {
        try {
            return JSON.writeValueAsBytes(Map.of("error-message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as JSON; null when it is empty or not JSON. */
    static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException malformed) {
            return null;
        }
    }
}
