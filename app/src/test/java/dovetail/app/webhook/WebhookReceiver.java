package dovetail.app.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver as a webhook's owner would write one, on a real HTTP server on 127.0.0.1: it checks each request's
 * signature with the shared secret, refuses an unsigned one with 401, and otherwise answers what the test says for
 * the request's path (204 by default). It keeps every request it got.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request to a path: its body, whether its signature was right, and the status it was answered. */
    record Request(String path, JsonNode body, boolean signed, String task, int status) {

        boolean taken() {
            return signed && status >= 200 && status < 300;
        }
    }

    private final String secret;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ToIntFunction<JsonNode>> answers = new ConcurrentHashMap<>();

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::receive);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** What the receiver answers to requests to this path, from each one's body. */
    void answer(String path, ToIntFunction<JsonNode> answer) {
        answers.put(path, answer);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** The records of every request to this path the receiver took (signed, answered 2xx), in arrival order. */
    List<JsonNode> taken(String path) {
        return requests(path).stream().filter(Request::taken)
                .flatMap(request -> java.util.stream.StreamSupport.stream(request.body().get("records").spliterator(),
                        false)).toList();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = signature(body).equals(exchange.getRequestHeaders().getFirst("X-Dovetail-Signature"));
            String path = exchange.getRequestURI().getPath();
            JsonNode parsed = JSON.readTree(body);
            int status = signed ? answers.getOrDefault(path, any -> 204).applyAsInt(parsed) : 401;
            requests.add(new Request(path, parsed, signed, exchange.getRequestHeaders().getFirst("X-Dovetail-Task"),
                    status));
            byte[] text = status >= 400 ? ("refused with " + status).getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(status, text.length == 0 ? -1 : text.length);
            exchange.getResponseBody().write(text);
        }
    }

    /** What the receiver expects: {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes. */
    private String signature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
