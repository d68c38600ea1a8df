package dovetail.functions.reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.stream.Collectors;

/**
 * Reads requests and writes replies as JSON. A request that cannot be read becomes a {@link Reply.MalformedRequest}
 * naming the field at fault, never a stack trace or an internal class name.
 */
public final class RequestReader {

    public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private RequestReader() {
    }

    /** The request object, or the reason it is malformed. */
    public static JsonNode tree(byte[] body) throws MalformedRequestException {
        if (body == null || body.length == 0) {
            throw new MalformedRequestException("The request must be a JSON object");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedRequestException("The request must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException(describe(e));
        } catch (java.io.IOException e) {
            throw new MalformedRequestException("The request could not be read");
        }
    }

    public static <T> T read(JsonNode node, Class<T> type) throws MalformedRequestException {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedRequestException(describe(e));
        }
    }

    public static byte[] write(Reply reply) {
        try {
            return JSON.writeValueAsBytes(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A reply cannot be written as JSON", e);
        }
    }

    /** What is wrong with a request, for its sender: the location of a syntax error, or the field of the wrong type. */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof JsonProcessingException)) {
            cause = cause.getCause();
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return "Field " + field + " has the wrong type or format";
        }
        if (cause instanceof JsonProcessingException processing && processing.getLocation() != null) {
            return "The request is not valid JSON (line " + processing.getLocation().getLineNr() + ", column "
                   + processing.getLocation().getColumnNr() + ")";
        }
        return "The request is not valid JSON";
    }

    /** A request that is not the JSON a function takes. */
    public static final class MalformedRequestException extends Exception {

        public MalformedRequestException(String message) {
            super(message);
        }

        public Reply reply() {
            return new Reply.MalformedRequest(getMessage());
        }
    }
}
