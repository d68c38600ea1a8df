package dovetail.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dovetail.app.support.Dovetails;
import dovetail.app.support.KafkaTopic;
import dovetail.app.support.OtlpReceiver;
import dovetail.app.support.OtlpReceiver.ReceivedSpan;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import dovetail.domain.thing.CreateThing;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Traces leave Dovetail over OTLP to a real receiver: a mutation's trace holds its GraphQL span, Axon's command and
 * append spans and the deliveries of the built-in tasks; the Kafka records name it; a command from the Kafka intake
 * is traced from the producer's context; a failed Meilisearch delivery is recorded on its span; logs carry the ids.
 */
@WithEngines
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path meilisearchData;

    private OtlpReceiver receiver;
    private HttpServer webhook;
    private final List<String> webhookTraceparents = new CopyOnWriteArrayList<>();
    private MeilisearchLauncher meilisearch;
    private ConfigurableApplicationContext dovetail;
    private TestEndpoints engines;
    private RawGraphQl graphQl;

    @BeforeAll
    void start(TestEndpoints engines) throws Exception {
        this.engines = engines;
        receiver = new OtlpReceiver();
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            webhookTraceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        meilisearch = MeilisearchLauncher.builder().dataDirectory(meilisearchData).start();
        dovetail = Dovetails.start(engines, "dovetail.meilisearch.url=" + meilisearch.url(),
                "management.otlp.tracing.endpoint=" + receiver.endpoint(),
                // export each span at once rather than every few seconds, so the test waits less
                "management.tracing.opentelemetry.export.schedule-delay=100ms",
                "dovetail.webhooks.allowed-hosts=127.0.0.1");
        graphQl = new RawGraphQl(((WebServerApplicationContext) dovetail).getWebServer().getPort());
        JsonNode created = graphQl.answer("mutation($input: SyncTaskInput!) { createSyncTask(input: $input) { "
                + "__typename } }", Map.of("input", Map.of("id", "traced-hook", "sink", Map.of("webhook", Map.of(
                        "url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook", "format", "STATE",
                        "secret", "a secret of enough length")))));
        assertThat(created.at("/data/createSyncTask/__typename").asText()).as(created.toString()).isEqualTo("SyncTask");
    }

    @AfterAll
    void stop() {
        if (dovetail != null) {
            dovetail.close();
        }
        if (meilisearch != null) {
            meilisearch.close();
        }
        receiver.close();
        webhook.stop(0);
    }

    @Test
    @Order(1)
    void oneMutationIsOneTraceFromTheRequestToEverySink() throws Exception {
        HttpResponse<String> response = graphQl.post("{\"query\": \"mutation { createThing(input: {name: \\\"traced"
                + " lamp\\\", foo: 1}) { ... on Thing { id } } }\"}");
        String id = JSON.readTree(response.body()).at("/data/createThing/id").asText();
        String traceId = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ReceivedSpan> trace = receiver.trace(traceId);
            assertThat(trace).anySatisfy(span -> assertThat(span.name()).startsWith("graphql"));
            assertThat(trace).anySatisfy(span -> assertThat(span.name()).contains("CreateThing"));
            assertThat(trace).anySatisfy(span -> assertThat(span.name()).isEqualTo("EventBus.commitEvents"));
            assertThat(delivery(trace, "things-search")).isPresent();
            assertThat(delivery(trace, "things-kafka")).isPresent();
            assertThat(delivery(trace, "traced-hook")).isPresent();
        });
        // the webhook call sends its delivery's context
        String hookDelivery = delivery(receiver.trace(traceId), "traced-hook").orElseThrow().spanId();
        assertThat(webhookTraceparents).contains("00-" + traceId + "-" + hookDelivery + "-01");
        // every span of the trace hangs from the request: one root, every other span's parent is in the trace
        List<ReceivedSpan> trace = receiver.trace(traceId);
        List<String> ids = trace.stream().map(ReceivedSpan::spanId).toList();
        assertThat(trace.stream().filter(span -> !ids.contains(span.parentSpanId()))).hasSize(1);
        // the command's handling and the append are in it; Axon's finer spans are not (no dovetail.tracing.detailed-spans)
        assertThat(trace).extracting(ReceivedSpan::name)
                .anySatisfy(name -> assertThat(name).isEqualTo("CommandBus.handleCommand(CreateThing)"))
                .noneSatisfy(name -> assertThat(name).startsWith("CommandBus.dispatchCommand"))
                .noneSatisfy(name -> assertThat(name).startsWith("EventBus.publishEvent"))
                .noneSatisfy(name -> assertThat(name).startsWith("Repository."))
                .noneSatisfy(name -> assertThat(name).startsWith("ThingCommandHandler."))
                .noneSatisfy(name -> assertThat(name).contains("EventProcessor"));
        // the event carries the handling span's context, so each delivery of it is that span's child
        String handling = trace.stream().filter(span -> span.name().equals("CommandBus.handleCommand(CreateThing)"))
                .findFirst().orElseThrow().spanId();
        assertThat(delivery(trace, "things-search").orElseThrow().parentSpanId()).isEqualTo(handling);

        // the event carries the trace context it was appended in, and the Kafka records carry it on
        String metadata = new String(new JdbcTemplate(dovetail.getBean(javax.sql.DataSource.class)).queryForObject(
                "select meta_data from domain_event_entry where aggregate_identifier = ?", byte[].class, id),
                StandardCharsets.UTF_8);
        assertThat(metadata).contains("\"traceparent\":\"00-" + traceId + "-");
        KafkaTopic events = new KafkaTopic(engines.kafkaBootstrapServers(),
                engines.topicPrefix() + "dovetail.things.events");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.records().stream().anyMatch(r -> id.equals(r.key())));
        ConsumerRecord<String, byte[]> record = events.records().stream().filter(r -> id.equals(r.key()))
                .findFirst().orElseThrow();
        Header traceparent = record.headers().lastHeader("traceparent");
        assertThat(traceparent).isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
    }

    @Test
    @Order(3)
    void aFunctionCallOverHttpIsASpanOfItsOwnInTheRequestsTrace() throws Exception {
        int port = ((WebServerApplicationContext) dovetail).getWebServer().getPort();
        HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/functions/createThing"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestTokens.ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"by function\", \"foo\": 5}")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(call, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String traceId = response.headers().firstValue("X-Correlation-Id").orElseThrow();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ReceivedSpan> trace = receiver.trace(traceId);
            assertThat(trace).anySatisfy(span ->
                    assertThat(span.attribute("spring.cloud.function.definition")).isEqualTo("createThing"));
            assertThat(trace).anySatisfy(span -> assertThat(span.name()).contains("CreateThing"));
            assertThat(delivery(trace, "things-search")).isPresent();
        });
    }

    @Test
    @Order(3)
    void aCommandFromTheKafkaIntakeContinuesItsProducersTrace() {
        String producerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> command = new ProducerRecord<>(
                    engines.topicPrefix() + "dovetail.things.commands", "traced-intake",
                    "{\"type\": \"createThing\", \"name\": \"from kafka\", \"foo\": 2}".getBytes(StandardCharsets.UTF_8));
            command.headers().add("traceparent",
                    ("00-" + producerTrace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
            producer.send(command);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<ReceivedSpan> trace = receiver.trace(producerTrace);
            assertThat(trace).anySatisfy(span -> assertThat(span.kind()).isEqualTo("SPAN_KIND_CONSUMER"));
            assertThat(trace).anySatisfy(span ->
                    assertThat(span.attribute("spring.cloud.function.definition")).isEqualTo("thingCommands"));
            assertThat(trace).anySatisfy(span -> assertThat(span.name()).contains("CreateThing"));
            assertThat(delivery(trace, "things-search")).isPresent();
        });
        JdbcTemplate jdbc = new JdbcTemplate(dovetail.getBean(javax.sql.DataSource.class));
        assertThat(jdbc.queryForList("select convert_from(meta_data, 'UTF8') from domain_event_entry", String.class))
                .anySatisfy(metadata -> assertThat(metadata).contains("\"traceId\":\"" + producerTrace + "\""));
    }

    @Test
    @Order(4)
    void aFailedMeilisearchDeliveryIsRecordedOnItsSpanAndLoggedWithItsIds(CapturedOutput output) {
        meilisearch.close();
        dovetail.getBean(CommandGateway.class).sendAndWait(new CreateThing("while search is down", 3.0));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(receiver.spans())
                .anySatisfy(span -> {
                    assertThat(span.attribute("dovetail.task")).isEqualTo("things-search");
                    assertThat(span.error()).isTrue();
                    assertThat(span.eventNames()).contains("exception");
                }));
        ReceivedSpan failed = receiver.spans().stream()
                .filter(span -> "things-search".equals(span.attribute("dovetail.task")) && span.error())
                .findFirst().orElseThrow();
        assertThat(output.getAll()).contains("[" + failed.traceId() + "," + failed.spanId() + "]");
        // the task's last error names the trace of a failed delivery, for the console to link to
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String lastErrorTrace = graphQl.data("{ syncTask(id: \\\"things-search\\\") { lastErrorTraceId } }")
                    .at("/syncTask/lastErrorTraceId").asText();
            assertThat(receiver.spans()).anySatisfy(span -> {
                assertThat(span.traceId()).isEqualTo(lastErrorTrace);
                assertThat(span.attribute("dovetail.task")).isEqualTo("things-search");
                assertThat(span.error()).isTrue();
            });
        });
        assertThat(output.getAll().lines().filter(line -> line.contains("could not deliver")))
                .allSatisfy(line -> assertThat(line).containsPattern("\\[[0-9a-f]{32},[0-9a-f]{16}\\]"));
    }

    @Test
    @Order(2)
    void theDeliveryLatencyAndGraphQlTimersLinkToTracesByExemplars() throws Exception {
        int port = ((WebServerApplicationContext) dovetail).getWebServer().getPort();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                .header("Authorization", "Bearer " + TestTokens.ADMIN).build();
        String metrics = HttpClient.newHttpClient().send(scrape, HttpResponse.BodyHandlers.ofString()).body();

        String exemplar = " # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"\\}";
        assertThat(metrics.lines().filter(line -> line.startsWith("dovetail_sync_latency_seconds_bucket")
                && line.contains("task=\"things-search\""))).anySatisfy(line -> assertThat(line).containsPattern(exemplar));
        assertThat(metrics.lines().filter(line -> line.startsWith("graphql_request_seconds_bucket")))
                .anySatisfy(line -> assertThat(line).containsPattern(exemplar));
    }

    private static Optional<ReceivedSpan> delivery(List<ReceivedSpan> trace, String task) {
        return trace.stream().filter(span -> task.equals(span.attribute("dovetail.task"))).findFirst();
    }
}
