package dovetail.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.KafkaTopic;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.UpdateThing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The built-in {@code things-kafka} task against the real broker: every event reaches the events topic, keyed by
 * Thing id and in each Thing's order; the compacted state topic's last record per key is the read model's row in
 * the legacy shape (a tombstone for a deleted Thing); both topics were created with the configured settings.
 */
@DovetailTest
class ThingTopicsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HttpGraphQlTester graphQl;

    @Value("${spring.kafka.bootstrap-servers}")
    String servers;

    @Value("${dovetail.kafka.topic-prefix}")
    String prefix;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyEventReachesTheEventsTopicInEachThingsOrderAndTheStateTopicEndsAtTheReadModel() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(create("thing " + i, i + 0.5));
        }
        int events = ids.size();
        for (int round = 1; round <= 3; round++) {
            for (String id : ids.subList(0, 8)) {
                commands.sendAndWait(new UpdateThing(id, "thing " + id + " round " + round, round * 1.5, (long) round));
                events++;
            }
        }
        commands.sendAndWait(new DeleteThing(ids.get(0), 4L));
        commands.sendAndWait(new DeleteThing(ids.get(11), 1L));
        events += 2;

        int expected = events;
        KafkaTopic eventsTopic = new KafkaTopic(servers, prefix + "dovetail.things.events");
        List<ConsumerRecord<String, byte[]>> records = eventsTopic.awaitRecords(PATIENCE,
                r -> r.stream().filter(record -> ids.contains(record.key())).count() >= expected)
                .stream().filter(record -> ids.contains(record.key())).toList();

        Map<String, List<Long>> versionsByKey = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode envelope = json.readTree(record.value());
            assertThat(envelope.get("id").asText()).isEqualTo(record.key());
            assertThat(envelope.get("payload").get("id").asText()).isEqualTo(record.key());
            assertThat(envelope.get("timestamp").asText()).isNotBlank();
            versionsByKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(envelope.get("version").asLong());
        }
        assertThat(records).hasSize(expected);
        assertThat(versionsByKey.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(versionsByKey.get(ids.get(0))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(versionsByKey.get(ids.get(5))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(versionsByKey.get(ids.get(10))).containsExactly(1L);
        assertThat(versionsByKey.get(ids.get(11))).containsExactly(1L, 2L);
        assertThat(types(records, ids.get(0))).containsExactly(
                "ThingCreated", "ThingUpdated", "ThingUpdated", "ThingUpdated", "ThingDeleted");

        KafkaTopic stateTopic = new KafkaTopic(servers, prefix + "dovetail.things.state");
        Map<String, JsonNode> readModel = legacyReadModel();
        Map<String, JsonNode> latest = new HashMap<>();
        stateTopic.awaitRecords(PATIENCE, r -> {
            latest.clear();
            r.stream().filter(record -> ids.contains(record.key())).forEach(
                    record -> latest.put(record.key(), record.value() == null ? null : tree(record.value())));
            return latest.size() == ids.size() && latest.get(ids.get(0)) == null && latest.get(ids.get(11)) == null;
        });
        assertThat(latest).containsEntry(ids.get(0), null).containsEntry(ids.get(11), null);
        latest.values().removeIf(java.util.Objects::isNull);
        readModel.keySet().retainAll(ids);
        assertThat(latest).hasSize(10).isEqualTo(readModel);
    }

    @Test
    void aFullSyncRepublishesWhatADeduplicatingConsumerHasSeenAlready() throws Exception {
        String id = create("replayed", 1);
        commands.sendAndWait(new UpdateThing(id, "replayed twice", 2.0, 1L));
        KafkaTopic eventsTopic = new KafkaTopic(servers, prefix + "dovetail.things.events");
        KafkaTopic stateTopic = new KafkaTopic(servers, prefix + "dovetail.things.state");
        eventsTopic.awaitRecords(PATIENCE, r -> versions(r, id).equals(List.of(1L, 2L)));

        // a full sync of a Kafka task replays the whole event store in place
        commands.sendAndWait(new dovetail.domain.synctask.StartFullSync("things-kafka"));

        List<ConsumerRecord<String, byte[]>> events = eventsTopic.awaitRecords(PATIENCE,
                r -> versions(r, id).equals(List.of(1L, 2L, 1L, 2L)));
        assertThat(deduplicated(events, id)).containsExactly(1L, 2L);
        List<ConsumerRecord<String, byte[]>> states = stateTopic.awaitRecords(PATIENCE,
                r -> r.stream().filter(record -> record.key().equals(id)).count() == 4);
        ConsumerRecord<String, byte[]> last = states.stream().filter(record -> record.key().equals(id))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(tree(last.value()).get("version").asLong()).isEqualTo(2);
        assertThat(tree(last.value()).get("name").asText()).isEqualTo("replayed twice");
    }

    private List<Long> versions(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(record -> record.key().equals(key))
                      .map(record -> tree(record.value()).get("version").asLong()).toList();
    }

    /** What a consumer applies that skips every record whose version is not above the last it applied. */
    private List<Long> deduplicated(List<ConsumerRecord<String, byte[]>> records, String key) {
        List<Long> applied = new ArrayList<>();
        for (long version : versions(records, key)) {
            if (applied.isEmpty() || version > applied.get(applied.size() - 1)) {
                applied.add(version);
            }
        }
        return applied;
    }

    @Test
    void theTopicsAreCreatedWithTheConfiguredPartitionsAndCleanupPolicies() throws Exception {
        create("topic settings", 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            String events = prefix + "dovetail.things.events";
            String state = prefix + "dovetail.things.state";
            org.awaitility.Awaitility.await().atMost(PATIENCE).until(() ->
                    admin.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(List.of(events, state)));
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(events, state)).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertThat(topics.get(events).partitions()).hasSize(3);
            assertThat(topics.get(state).partitions()).hasSize(3);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, events),
                    new ConfigResource(ConfigResource.Type.TOPIC, state))).all().get(10, TimeUnit.SECONDS);
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, events)).get("cleanup.policy").value())
                    .isEqualTo("delete");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, state)).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void aKafkaTaskIsDefinedThroughGraphQlWithFieldLevelErrors() {
        graphQl.documentName("createSyncTask").variable("input", Map.of("id", "bad-kafka",
                        "sink", Map.of("kafka", Map.of("topics", List.of(
                                Map.of("topic", "no spaces", "format", "EVENTS"),
                                Map.of("topic", "twice", "format", "STATE"),
                                Map.of("topic", "twice", "format", "EVENTS")))),
                        "transform", List.of(Map.of("field", "name", "kind", "DROP"))))
               .execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("createSyncTask.problems[*].field").entityList(String.class).containsExactly(
                       "sink.kafka.topics[0].topic", "sink.kafka.topics[2].topic", "transform");

        String small = create("small", 1);
        String big = create("big", 50);
        graphQl.documentName("createSyncTask").variable("input", Map.of("id", "big-things-kafka",
                        "sink", Map.of("kafka", Map.of("topics", List.of(Map.of("topic", "big", "format", "STATE")))),
                        "filter", Map.of("conditions", List.of(
                                Map.of("field", "foo", "operator", "GT", "values", List.of("10"))))))
               .execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
        // a Kafka task stays one: another kind of sink is another task
        graphQl.documentName("updateSyncTask").variable("input", Map.of("id", "big-things-kafka",
                        "sink", Map.of("meilisearch", Map.of("index", "big-things"))))
               .execute()
               .path("updateSyncTask.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("updateSyncTask.problems[0].field").entity(String.class).isEqualTo("sink")
               .path("updateSyncTask.problems[0].message").entity(String.class).satisfies(message ->
                       assertThat(message).contains("is a kafka sink").contains("create a task"));
        graphQl.document("{ syncTask(id: \"big-things-kafka\") { sink { type kafka { topics { topic format } } } } }")
               .execute()
               .path("syncTask.sink.type").entity(String.class).isEqualTo("kafka")
               .path("syncTask.sink.kafka.topics[0].format").entity(String.class).isEqualTo("STATE");

        // Things that never meet the filter leave no record at all, however many events they have; a Thing that
        // stops meeting it gets one tombstone, and one that is deleted gets one too
        update(small, "small", 2, 1);
        update(small, "small", 3, 2);
        String alsoSmall = create("also small", 1);
        update(alsoSmall, "also small", 2, 1);
        String shrinking = create("shrinking", 40);
        update(shrinking, "shrinking", 5, 1);
        update(shrinking, "shrinking", 4, 2);
        String doomed = create("doomed", 60);
        commands.sendAndWait(new DeleteThing(doomed, 1L));
        String last = create("last", 70);

        KafkaTopic topic = new KafkaTopic(servers, prefix + "big");
        List<ConsumerRecord<String, byte[]>> records = topic.awaitRecords(PATIENCE,
                r -> r.stream().anyMatch(record -> record.key().equals(last)));
        assertThat(records).filteredOn(record -> record.key().equals(small) || record.key().equals(alsoSmall))
                           .isEmpty();
        assertThat(records).filteredOn(record -> record.key().equals(big))
                           .allMatch(record -> tree(record.value()).get("foo").asLong() == 50);
        assertThat(records).filteredOn(record -> record.key().equals(shrinking))
                           .extracting(record -> record.value() == null).containsExactly(false, true);
        assertThat(records).filteredOn(record -> record.key().equals(doomed))
                           .extracting(record -> record.value() == null).containsExactly(false, true);
        // in the whole topic, each tombstone follows a record of its key that it removes
        java.util.Set<String> held = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                assertThat(held.remove(record.key())).as("tombstone for %s", record.key()).isTrue();
            } else {
                held.add(record.key());
            }
        }
    }

    private void update(String id, String name, double foo, long expectedVersion) {
        commands.sendAndWait(new UpdateThing(id, name, foo, expectedVersion));
    }

    private String create(String name, double foo) {
        return ((ThingAccepted) commands.sendAndWait(new CreateThing(name, foo))).thing().id();
    }

    private List<String> types(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(record -> record.key().equals(key))
                      .map(record -> tree(record.value()).get("type").asText()).toList();
    }

    private Map<String, JsonNode> legacyReadModel() throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList("select * from thing_view")) {
            Map<String, Object> legacy = new LinkedHashMap<>();
            legacy.put("id", row.get("id"));
            legacy.put("name", row.get("name"));
            legacy.put("foo", BigDecimal.valueOf((Double) row.get("foo")).setScale(0, RoundingMode.HALF_EVEN)
                                        .toBigIntegerExact());
            legacy.put("created_on", ((java.sql.Timestamp) row.get("created_on")).toInstant().toString());
            legacy.put("updated_on", ((java.sql.Timestamp) row.get("updated_on")).toInstant().toString());
            legacy.put("version", row.get("version"));
            // through text, so that numbers compare as the topic's parsed JSON holds them
            rows.put(row.get("id").toString(), tree(json.writeValueAsBytes(legacy)));
        }
        return rows;
    }

    private JsonNode tree(byte[] value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
