package dovetail.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.KafkaTopic;
import dovetail.app.support.ReadModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Thing commands through the Kafka intake: each message on the commands topic answers one result record with the
 * caller's key and a correlation header. Messages that are not JSON, of an unknown type, with invalid fields or a
 * stale version each answer their typed error, store nothing, and the intake goes on with the next message.
 */
@DovetailTest
class CommandIntakeIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Value("${spring.kafka.bootstrap-servers}")
    String servers;

    @Value("${dovetail.kafka.topic-prefix}")
    String prefix;

    @Autowired
    JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();
    private KafkaProducer<String, byte[]> producer;
    private KafkaTopic results;

    @BeforeEach
    void setUp() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        results = new KafkaTopic(servers, prefix + "dovetail.things.command-results");
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    /** Sends a command and answers its result record, found by the key chosen for it. */
    private ConsumerRecord<String, byte[]> send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(prefix + "dovetail.things.commands", key,
                value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        return results.awaitRecords(PATIENCE, records -> find(records, key).isPresent())
                      .stream().filter(record -> key.equals(record.key())).findFirst().orElseThrow();
    }

    private static Optional<ConsumerRecord<String, byte[]>> find(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(record -> key.equals(record.key())).findFirst();
    }

    private JsonNode value(ConsumerRecord<String, byte[]> record) throws Exception {
        return json.readTree(record.value());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String key() {
        return "cmd-" + UUID.randomUUID();
    }

    @Test
    void aCommandOnTheTopicAnswersItsResultAndStoresTheThing() throws Exception {
        String key = key();
        ConsumerRecord<String, byte[]> result = send(key, "{\"type\": \"createThing\", \"name\": \"kafka lamp\", \"foo\": 4.5}");

        JsonNode thing = value(result);
        assertThat(thing.get("type").asText()).isEqualTo("Thing");
        assertThat(thing.get("name").asText()).isEqualTo("kafka lamp");
        assertThat(header(result, "dovetail-correlation-id")).isEqualTo(key);
        assertThat(header(result, "dovetail-request-type")).isEqualTo("createThing");
        String id = thing.get("id").asText();
        assertThat(new ReadModel(jdbc).versions()).containsEntry(id, 1L);

        String update = key();
        JsonNode updated = value(send(update, "{\"type\": \"updateThing\", \"id\": \"" + id
                + "\", \"name\": \"kafka lamp 2\", \"foo\": 5, \"expectedVersion\": 1}"));
        assertThat(updated.get("version").asLong()).isEqualTo(2);
        JsonNode read = value(send(key(), "{\"type\": \"getThing\", \"id\": \"" + id + "\"}"));
        assertThat(read.get("name").asText()).isEqualTo("kafka lamp 2");
        JsonNode deleted = value(send(key(), "{\"type\": \"deleteThing\", \"id\": \"" + id + "\", \"expectedVersion\": 2}"));
        assertThat(deleted.get("type").asText()).isEqualTo("DeletedThing");
        assertThat(new ReadModel(jdbc).versions()).doesNotContainKey(id);
    }

    /** The README's way to try the intake: the round-trip client sends a line and prints the result it gets back. */
    @Test
    void theRoundTripClientPrintsEachCommandsResult() throws Exception {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        dovetail.embedded.kafka.CommandRoundTrip.run(servers, prefix, new java.io.BufferedReader(new java.io.StringReader(
                "order-17:{\"type\":\"createThing\",\"name\":\"desk lamp\",\"foo\":1.5}\n"
                + "order-18:{\"type\":\"nothing\"}\n")),
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        String[] lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("order-17: {\"type\":\"Thing\"").contains("\"name\":\"desk lamp\"");
        assertThat(lines[1]).startsWith("order-18: {\"type\":\"UnknownCommand\"");
    }

    @Test
    void badCommandsAnswerTheirErrorsStoreNothingAndDoNotStopTheIntake() throws Exception {
        String id = value(send(key(), "{\"type\": \"createThing\", \"name\": \"target\", \"foo\": 1}")).get("id").asText();
        EventStore events = new EventStore(jdbc);
        long before = events.count();

        JsonNode notJson = value(send(key(), "this is not json {"));
        assertThat(notJson.get("type").asText()).isEqualTo("MalformedRequest");
        assertThat(notJson.get("message").asText()).startsWith("The request is not valid JSON");

        JsonNode unknown = value(send(key(), "{\"type\": \"launchRocket\"}"));
        assertThat(unknown.get("type").asText()).isEqualTo("UnknownCommand");
        assertThat(unknown.get("supported").findValuesAsText("")).isEmpty();
        assertThat(unknown.get("supported").toString()).contains("createThing", "updateThing", "deleteThing");
        JsonNode untyped = value(send(key(), "{\"name\": \"no type\"}"));
        assertThat(untyped.get("type").asText()).isEqualTo("UnknownCommand");

        JsonNode invalid = value(send(key(), "{\"type\": \"createThing\", \"name\": \"\", \"foo\": 1}"));
        assertThat(invalid.get("type").asText()).isEqualTo("InvalidInput");
        assertThat(invalid.at("/problems/0/field").asText()).isEqualTo("name");
        for (String name : List.of("nul\\u0000", "bad\\ud800")) {
            JsonNode badText = value(send(key(), "{\"type\": \"createThing\", \"name\": \"" + name + "\", \"foo\": 1}"));
            assertThat(badText.get("type").asText()).as(badText.toString()).isEqualTo("InvalidInput");
            assertThat(badText.at("/problems/0/field").asText()).isEqualTo("name");
        }
        JsonNode wrongType = value(send(key(), "{\"type\": \"createThing\", \"name\": \"x\", \"foo\": \"much\"}"));
        assertThat(wrongType.get("type").asText()).isEqualTo("MalformedRequest");
        assertThat(wrongType.get("message").asText()).isEqualTo("Field foo has the wrong type or format");

        JsonNode stale = value(send(key(), "{\"type\": \"updateThing\", \"id\": \"" + id
                + "\", \"name\": \"late\", \"foo\": 2, \"expectedVersion\": 7}"));
        assertThat(stale.get("type").asText()).isEqualTo("VersionConflict");
        assertThat(stale.get("currentVersion").asLong()).isEqualTo(1);

        assertThat(events.count()).isEqualTo(before);
        JsonNode after = value(send(key(), "{\"type\": \"updateThing\", \"id\": \"" + id
                + "\", \"name\": \"still served\", \"foo\": 2, \"expectedVersion\": 1}"));
        assertThat(after.get("type").asText()).isEqualTo("Thing");
        assertThat(after.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void onlyTheIntakeIsBoundToKafkaNotTheHttpFunctions() throws Exception {
        send(key(), "{\"type\": \"getThing\", \"id\": \"1\"}");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .filteredOn(topic -> topic.startsWith(prefix))
                    .containsExactlyInAnyOrder(prefix + "dovetail.things.commands",
                            prefix + "dovetail.things.command-results", prefix + "dovetail.things.events",
                            prefix + "dovetail.things.state");
        }
    }

    @Test
    void theEnginesHealthShowsKafka(@org.springframework.boot.test.web.server.LocalServerPort int port) throws Exception {
        dovetail.app.support.RawHttp http = new dovetail.app.support.RawHttp(port);
        org.awaitility.Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode engines = json.readTree(http.send("GET", "/actuator/health/engines", null,
                    dovetail.app.support.TestTokens.READ).body());
            assertThat(engines.at("/components/binders/status").asText()).isEqualTo("UP");
            assertThat(engines.at("/components/binders/components/kafka/status").asText()).isEqualTo("UP");
        });
    }

    @Test
    void aCorrelationHeaderOfTheRequestIsRepeated() throws Exception {
        String key = key();
        ProducerRecord<String, byte[]> request = new ProducerRecord<>(prefix + "dovetail.things.commands", key,
                "{\"type\": \"getThing\", \"id\": \"999999\"}".getBytes(StandardCharsets.UTF_8));
        request.headers().add("dovetail-correlation-id", "trace-42".getBytes(StandardCharsets.UTF_8));
        producer.send(request).get(10, TimeUnit.SECONDS);

        ConsumerRecord<String, byte[]> result = results.awaitRecords(PATIENCE, records -> find(records, key).isPresent())
                .stream().filter(record -> key.equals(record.key())).findFirst().orElseThrow();
        assertThat(header(result, "dovetail-correlation-id")).isEqualTo("trace-42");
        assertThat(value(result).get("type").asText()).isEqualTo("ThingNotFound");
    }
}
