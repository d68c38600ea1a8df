package dovetail.functions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.functions.OfferedFunction;
import dovetail.functions.reply.Reply;
import dovetail.functions.reply.RequestReader;
import dovetail.functions.reply.RequestReader.MalformedRequestException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Thing commands from a Kafka topic: the value is {@code {"type": <the name of a function offered over Kafka>,
 * ...the function's fields}} (see {@link OfferedFunction}), and each message answers exactly one result message
 * carrying the request's key and a correlation header. Whatever arrives (not JSON, an unknown type, fields of the
 * wrong type, a refused command, even a failure of Dovetail itself) is answered with a typed result and never stops
 * the consumer.
 */
public final class ThingCommandIntake implements Function<Message<byte[]>, Message<byte[]>> {

    /** The header a result repeats from its request (or, when the request had none, the request's key). */
    public static final String CORRELATION_HEADER = "dovetail-correlation-id";
    /** The {@code type} of the request a result answers. */
    public static final String REQUEST_TYPE_HEADER = "dovetail-request-type";
    // spring-kafka's KafkaHeaders.RECEIVED_KEY and KEY, named here so this module needs no Kafka library
    static final String RECEIVED_KEY = "kafka_receivedMessageKey";
    static final String KEY = "kafka_messageKey";

    private static final Logger log = LoggerFactory.getLogger(ThingCommandIntake.class);

    private final Map<String, Handler> handlers = new LinkedHashMap<>();

    private record Handler(Class<?> requestType, Function<Object, Reply> function) {

        Reply apply(JsonNode request) throws MalformedRequestException {
            return function.apply(RequestReader.read(request, requestType));
        }
    }

    /** {@code functions}: the function (the bean) of each offered function, which takes its request type. */
    public ThingCommandIntake(Function<OfferedFunction, Function<Object, Reply>> functions) {
        for (OfferedFunction offered : OfferedFunction.values()) {
            if (offered.overKafka()) {
                handlers.put(offered.functionName(), new Handler(offered.requestType(), functions.apply(offered)));
            }
        }
    }

    public List<String> supported() {
        return List.copyOf(handlers.keySet());
    }

    @Override
    public Message<byte[]> apply(Message<byte[]> request) {
        String type = null;
        Reply reply;
        try {
            JsonNode body = RequestReader.tree(request.getPayload());
            type = body.path("type").isTextual() ? body.get("type").asText() : null;
            Handler handler = type == null ? null : handlers.get(type);
            reply = handler == null
                    ? new Reply.UnknownCommand(type == null ? "The request has no type" : "Unknown type " + type,
                            supported())
                    : handler.apply(body);
        } catch (MalformedRequestException malformed) {
            reply = malformed.reply();
        } catch (RuntimeException failure) {
            String errorId = UUID.randomUUID().toString();
            log.error("Command {} from Kafka failed (error id {})", type, errorId, failure);
            reply = new Reply.InternalError("Dovetail could not handle the command; error id " + errorId, errorId);
        }
        return answer(request, type, reply);
    }

    private static Message<byte[]> answer(Message<byte[]> request, String type, Reply reply) {
        Object key = request.getHeaders().get(RECEIVED_KEY);
        Object correlation = request.getHeaders().get(CORRELATION_HEADER);
        if (correlation == null && key != null) {
            correlation = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString();
        }
        MessageBuilder<byte[]> result = MessageBuilder.withPayload(RequestReader.write(reply))
                .setHeader("contentType", "application/json");
        if (key != null) {
            result.setHeader(KEY, key);
        }
        if (correlation != null) {
            result.setHeader(CORRELATION_HEADER, correlation instanceof byte[] bytes
                    ? new String(bytes, StandardCharsets.UTF_8) : correlation.toString());
        }
        if (type != null) {
            result.setHeader(REQUEST_TYPE_HEADER, type);
        }
        return result.build();
    }
}
