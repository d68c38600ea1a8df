package dovetail.projections.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dovetail.domain.synctask.WebhookFormat;
import dovetail.domain.synctask.WebhookSinkSpec;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingUpdated;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.SinkChange;
import dovetail.projections.sink.FailureText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink against a real HTTP server on the loopback interface, which checks each request's signature. */
class WebhookSinkTest {

    private static final String SECRET = "a-secret-of-24-characters";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    /** Each request the receiver got: its body, whether its signature was right, and what it answered. */
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<JsonNode> answer = body -> 204;
    private HttpServer server;

    record Request(JsonNode body, boolean signed, String task, String timestamp, int status) {

        List<String> keys() {
            return body.get("records").findValuesAsText("idempotencyKey");
        }
    }

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::receive);
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode parsed = json.readTree(body);
        int status = answer.applyAsInt(parsed);
        requests.add(new Request(parsed, signature(body).equals(exchange.getRequestHeaders().getFirst(
                "X-Dovetail-Signature")), exchange.getRequestHeaders().getFirst("X-Dovetail-Task"),
                exchange.getRequestHeaders().getFirst("X-Dovetail-Timestamp"), status));
        byte[] text = (status >= 400 ? "no thanks" : "").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, text.length == 0 ? -1 : text.length);
        exchange.getResponseBody().write(text);
        exchange.close();
    }

    private static String signature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebhookSink sink(String url, Set<String> allowedHosts) {
        return new WebhookSink("hooks", new WebhookSinkSpec(url, WebhookFormat.EVENTS, SECRET), allowedHosts, TIMEOUT);
    }

    private WebhookSink sink() {
        return sink("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", Set.of("127.0.0.1"));
    }

    /** Things 1..n created, and Thing 3 updated after them. */
    private static List<SinkChange> batch(int things) {
        List<SinkChange> batch = new ArrayList<>();
        for (int i = 1; i <= things; i++) {
            batch.add(change(new ThingCreated(String.valueOf(i), "thing " + i, i, NOW, 1)));
        }
        batch.add(change(new ThingUpdated("3", "three", 3, NOW, NOW, 2)));
        return batch;
    }

    private static SinkChange change(Object event) {
        return new SinkChange(ThingChange.of(event).orElseThrow(), event);
    }

    private static boolean holds(JsonNode body, String thingId) {
        return body.get("records").findValuesAsText("idempotencyKey").stream().anyMatch(k -> k.startsWith(thingId + ":"));
    }

    @Test
    void aTakenBatchArrivesSignedInOneRequestWithItsTaskAndTime() {
        try (WebhookSink sink = sink()) {
            sink.prepare();
            sink.deliver(batch(3), TIMEOUT);
        }

        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.signed()).isTrue();
            assertThat(request.task()).isEqualTo("hooks");
            assertThat(request.timestamp()).isEqualTo(request.body().get("sentAt").asText());
            assertThat(request.keys()).containsExactly("1:1", "2:1", "3:1", "3:2");
        });
    }

    @Test
    void aThingRefusedAloneIsRejectedWhileTheOthersArrive() {
        answer = body -> holds(body, "3") ? 400 : 200;

        try (WebhookSink sink = sink()) {
            assertThatThrownBy(() -> sink.deliver(batch(8), TIMEOUT)).isInstanceOfSatisfying(ChangesRejected.class,
                    rejected -> assertThat(rejected.reasons()).containsOnlyKeys("3").containsValue(
                            "the receiver refused it when sent alone: 400 no thanks"));
        }

        List<String> taken = requests.stream().filter(request -> request.status() == 200)
                .flatMap(request -> request.keys().stream()).toList();
        assertThat(taken).containsExactlyInAnyOrder("1:1", "2:1", "4:1", "5:1", "6:1", "7:1", "8:1");
        // Thing 3's two changes always travel together, in order
        assertThat(requests).filteredOn(request -> holds(request.body(), "3"))
                .allSatisfy(request -> assertThat(request.keys()).containsSubsequence("3:1", "3:2"));
        assertThat(requests).allSatisfy(request -> assertThat(request.signed()).isTrue());
    }

    @Test
    void aBatchRefusedWholeWhoseHalvesAllGoThroughIsDelivered() {
        answer = body -> body.get("records").size() > 3 ? 413 : 200;

        try (WebhookSink sink = sink()) {
            sink.deliver(batch(6), TIMEOUT);
        }

        assertThat(requests.stream().filter(request -> request.status() == 200)
                .flatMap(request -> request.keys().stream()))
                .containsExactlyInAnyOrder("1:1", "2:1", "3:1", "3:2", "4:1", "5:1", "6:1");
    }

    @Test
    void aServerErrorOrAnAnswerAboutTheRequestItselfIsRetriedWholeAndParksNothing() {
        for (int status : List.of(503, 401, 429, 302)) {
            requests.clear();
            answer = body -> status;
            try (WebhookSink sink = sink()) {
                assertThatThrownBy(() -> sink.deliver(batch(4), TIMEOUT)).isInstanceOf(WebhookFailure.class)
                        .hasMessageStartingWith("webhook http://127.0.0.1:" + server.getAddress().getPort()
                                + "/hook answered " + status);
            }
            assertThat(requests).as("requests answered %d", status).hasSize(1);
        }
    }

    @Test
    void aHostThisDeploymentDoesNotAllowGetsNothing() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        try (WebhookSink sink = sink(url, Set.of("hooks.example.com"))) {
            assertThatThrownBy(sink::prepare).isInstanceOf(WebhookFailure.class)
                    .hasMessageContaining("not in dovetail.webhooks.allowed-hosts");
            assertThatThrownBy(() -> sink.deliver(batch(1), TIMEOUT)).isInstanceOf(WebhookFailure.class);
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void anUnreachableReceiverIsSaidInWords() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (WebhookSink sink = sink("http://127.0.0.1:" + closed + "/hook?token=abc", Set.of("127.0.0.1"))) {
            assertThat(sink.describe()).isEqualTo("webhook http://127.0.0.1:" + closed + "/hook");
            assertThatThrownBy(() -> sink.deliver(batch(1), TIMEOUT)).isInstanceOfSatisfying(WebhookFailure.class,
                    failure -> assertThat(FailureText.describe(failure)).isEqualTo(
                            "webhook http://127.0.0.1:" + closed + "/hook could not be reached: connection refused"));
        }
    }
}
