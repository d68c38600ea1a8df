package dovetail.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ReadModel;
import dovetail.embedded.test.TestEngines;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The capture sources besides logical replication: polling {@code updated_on} (chosen here by configuration, as
 * it is automatically where the legacy server has no logical decoding), with the scan that finds rows deleted from
 * the legacy table, and the legacy state topic on Kafka, with tombstones, stale records and records that cannot be
 * read. Last, a cutover drains both: it answers only once what they held when it started is stored.
 */
@DovetailTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureSourcesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(CaptureSourcesIT.class).register(registry);
        registry.add("dovetail.legacy.capture.mode", () -> "polling");
        registry.add("dovetail.legacy.capture.poll-interval", () -> "100ms");
        registry.add("dovetail.legacy.capture.delete-scan-interval", () -> "500ms");
        registry.add("dovetail.legacy.capture.kafka-topic", CaptureSourcesIT::topic);
        registry.add("dovetail.legacy.capture.kafka-group", () -> topic() + ".capture");
    }

    @Test
    @Order(1)
    void pollingCapturesInsertsAndUpdates() throws Exception {
        LegacyDatabase legacy = LegacyDatabase.of(CaptureSourcesIT.class);
        ReadModel readModel = new ReadModel(jdbc);
        legacy.insert(0, 20);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions()).isEqualTo(legacy.versions()));
        legacy.jdbc().update("update things set name = 'polled', version = version + 1, updated_on = now() where id = 3");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions()).containsEntry("3", 4L));
        assertThat(jdbc.queryForObject("select name from thing_view where id = 3", String.class)).isEqualTo("polled");
        JsonNode polling = capture("polling");
        assertThat(polling.at("/running").asBoolean()).isTrue();
        assertThat(polling.at("/captured").asLong()).isGreaterThanOrEqualTo(21);
        assertThat(polling.at("/position").asText()).endsWith("Z");
    }

    @Test
    @Order(2)
    void aRowWithAControlCharacterIsRefusedVisiblyAndCaptureGoesOn() throws Exception {
        LegacyDatabase legacy = LegacyDatabase.of(CaptureSourcesIT.class);
        ReadModel readModel = new ReadModel(jdbc);
        legacy.jdbc().update("insert into things (id, name, foo, created_on, updated_on, version) values "
                             + "(50, 'bell' || chr(7), 1, now(), now(), 0)");
        legacy.jdbc().update("insert into things (id, name, foo, created_on, updated_on, version) values "
                             + "(51, 'after the bell', 1, now() + interval '1 millisecond', now(), 0)");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions()).containsKey("51"));
        assertThat(readModel.versions()).doesNotContainKey("50");
        JsonNode polling = capture("polling");
        assertThat(polling.at("/refused").asLong()).isEqualTo(1);
        assertThat(polling.at("/lastRefusal").asText())
                .isEqualTo("legacy row 50: name must not hold control characters: it holds U+0007 at character 5");
        assertThat(polling.at("/lastRefusalAt").asText()).endsWith("Z");

        legacy.jdbc().update("update things set name = 'bell', version = 1, updated_on = now() where id = 50");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions()).containsEntry("50", 1L));
    }

    @Test
    @Order(3)
    void pollingFindsRowsDeletedFromTheLegacyTableAndTheLegacyProjectionDoesNotBringThemBack() throws Exception {
        LegacyDatabase legacy = LegacyDatabase.of(CaptureSourcesIT.class);
        ReadModel readModel = new ReadModel(jdbc);
        // the legacy projection held back, so that it delivers the imports only after the rows are deleted
        assertThat(graphQl("mutation { pauseSyncTask(id: \\\"things-legacy\\\") { __typename } }")
                .at("/pauseSyncTask/__typename").asText()).isEqualTo("SyncTask");
        legacy.jdbc().update("insert into things (id, name, foo, created_on, updated_on, version) "
                             + "select n, 'to delete ' || n, 1, now(), now(), 0 from generate_series(100, 104) n");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions())
                .containsKeys("100", "101", "102", "103", "104"));

        legacy.jdbc().update("delete from things where id in (101, 103)");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions())
                .doesNotContainKeys("101", "103").containsKeys("100", "102", "104"));
        assertThat(new EventStore(jdbc).countFor("101")).as("imported, then deleted").isEqualTo(2);

        graphQl("mutation { resumeSyncTask(id: \\\"things-legacy\\\") { __typename } }");
        await().atMost(PATIENCE).until(() -> graphQl("{ syncTask(id: \\\"things-legacy\\\") { lagEvents } }")
                .at("/syncTask/lagEvents").asLong() == 0);
        assertThat(legacy.versions()).doesNotContainKeys("101", "103");
        // found once: the scans after it change nothing
        long events = new EventStore(jdbc).count();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
               .until(() -> new EventStore(jdbc).count() == events);
        assertThat(readModel.versions()).isEqualTo(legacy.versions());
    }

    @Test
    @Order(4)
    void theLegacyStateTopicIsAThirdSource() throws Exception {
        ReadModel readModel = new ReadModel(jdbc);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record("900", state(900, "from kafka", 2))).get();
            producer.send(record("901", "not a state")).get();
            producer.send(record("900", state(900, "an older state", 1))).get();
            producer.send(record("902", state(902, "kept", 0))).get();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions())
                    .containsEntry("900", 2L).containsEntry("902", 0L).doesNotContainKey("901"));
            assertThat(jdbc.queryForObject("select name from thing_view where id = 900", String.class))
                    .isEqualTo("from kafka");

            producer.send(new ProducerRecord<>(topic(), "902", null)).get();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions()).doesNotContainKey("902"));
        }
        JsonNode kafka = capture("kafka");
        assertThat(kafka.at("/captured").asLong()).isEqualTo(3);
        assertThat(kafka.at("/ignored").asLong()).isEqualTo(1);
        // a state the legacy store published is its own: the legacy projection does not insert it into the table
        await().atMost(PATIENCE).until(() -> graphQl("{ syncTask(id: \\\"things-legacy\\\") { lagEvents } }")
                .at("/syncTask/lagEvents").asLong() == 0);
        assertThat(LegacyDatabase.of(CaptureSourcesIT.class).versions()).doesNotContainKey("900");
    }

    @Test
    @Order(5)
    void aCutoverAnswersOnceTheTableAndTheTopicAreDrained() throws Exception {
        LegacyDatabase legacy = LegacyDatabase.of(CaptureSourcesIT.class);
        ReadModel readModel = new ReadModel(jdbc);
        int published = 1_000;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (long id = 5_000; id < 5_000 + published; id++) {
                producer.send(record(Long.toString(id), state(id, "published before the cutover", 1)));
            }
            producer.flush();
        }
        legacy.jdbc().update("update things set name = 'changed before the cutover', version = version + 1, "
                             + "updated_on = now() where id = 0");
        legacy.jdbc().update("delete from things where id = 104");

        JsonNode cutOver = graphQl("mutation { cutOver(force: true) { __typename ... on Migration { mode } "
                                   + "... on CaptureNotDrained { reason } } }");
        assertThat(cutOver.at("/cutOver/mode").asText()).as(cutOver.toString()).isEqualTo("NEW_PRIMARY");

        // no waiting here: the cutover answered only once all of it was stored
        Map<String, Long> versions = readModel.versions();
        for (long id = 5_000; id < 5_000 + published; id++) {
            assertThat(versions).as("published as " + id).containsEntry(Long.toString(id), 1L);
        }
        assertThat(versions).containsEntry("0", legacy.versions().get("0")).doesNotContainKey("104");
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.endpointsFor(CaptureSourcesIT.class)
                        .kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static String topic() {
        return TestEngines.endpointsFor(CaptureSourcesIT.class).topicPrefix() + "legacy.things";
    }

    private static ProducerRecord<String, byte[]> record(String key, String value) {
        return new ProducerRecord<>(topic(), key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String state(long id, String name, long version) {
        return "{\"id\": " + id + ", \"name\": \"" + name + "\", \"foo\": 5, \"created_on\": \"2024-05-01T10:00:00Z\", "
               + "\"updated_on\": \"2024-05-02T10:00:00Z\", \"version\": " + version + "}";
    }

    private JsonNode graphQl(String document) {
        return new RawGraphQl(port).data(document);
    }

    private JsonNode capture(String source) throws Exception {
        HttpResponse<String> response = new RawGraphQl(port).post(
                "{\"query\": \"{ migration { capture { source running position captured ignored refused lastRefusal lastRefusalAt } } }\"}");
        for (JsonNode status : JSON.readTree(response.body()).at("/data/migration/capture")) {
            if (source.equals(status.get("source").asText())) {
                return status;
            }
        }
        throw new AssertionError("no " + source + " capture in " + response.body());
    }
}
