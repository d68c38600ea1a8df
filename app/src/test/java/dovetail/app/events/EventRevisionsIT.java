package dovetail.app.events;

import static dovetail.app.support.OlderRelease.CREATED;
import static dovetail.app.support.OlderRelease.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.KafkaTopic;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.OlderRelease;
import dovetail.app.support.SearchIndex;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.UpdateThing;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.sink.StoredThingRecords;
import dovetail.projections.synctask.StoreHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Events as the releases before event revisions stored them (no revision, and an update without createdOn),
 * written straight into the event store, are read at the current revision by every reader: the aggregate,
 * {@code thingHistory}, a new task's history reader and then its live processor (and the payloads as stored that the
 * Kafka sink encodes from), a full sync and the check before its swap, both Kafka formats, the legacy sink, and a
 * dead-letter queue. The store itself is never rewritten.
 */
@DovetailTest
class EventRevisionsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeilisearchIndexes indexes;

    @Autowired
    StoreHistory history;

    @Autowired
    EventStore store;

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Value("${dovetail.kafka.topic-prefix}")
    String topicPrefix;

    private static LegacyDatabase legacy;

    @BeforeAll
    static void legacyStore() {
        legacy = LegacyDatabase.of(EventRevisionsIT.class);
    }

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(EventRevisionsIT.class).register(registry);
    }

    @Test
    void theAggregateLoadsOldEventsAndAppendsAtTheCurrentRevisionLeavingTheOldOnesAsStored() {
        String id = older().thing(1, "loaded");

        ThingAccepted updated = commands.sendAndWait(new UpdateThing(id, "loaded again", 3.5, 2L));

        assertThat(updated.thing().createdOn()).isEqualTo(CREATED);
        assertThat(updated.thing().version()).isEqualTo(3);
        List<Map<String, Object>> rows = jdbc.queryForList("select payload_revision, convert_from(payload, 'UTF8') "
                + "as payload from domain_event_entry where aggregate_identifier = ? order by sequence_number", id);
        assertThat(rows).extracting(row -> row.get("payload_revision")).containsExactly(null, null, "2");
        assertThat((String) rows.get(1).get("payload"))
                .isEqualTo(OlderRelease.firstReleaseUpdate(id, "loaded renamed"));
        assertThat((String) rows.get(2).get("payload")).contains("\"createdOn\":\"" + CREATED + "\"");
    }

    @Test
    void thingHistoryShowsOldEventsInTheCurrentShape() {
        String id = older().thing(2, "remembered");

        List<Map> history = graphQl.document("query($id: ID!) { thingHistory(id: $id) { type version traceId "
                        + "correlationId thing { name createdOn updatedOn } } }").variable("id", id).execute()
                .path("thingHistory").entityList(Map.class).get();

        assertThat(history).extracting(event -> event.get("type")).containsExactly("ThingCreated", "ThingUpdated");
        // the request's correlation id, as the older release stored it; it traced nothing, so there is no trace id
        assertThat(history).extracting(event -> event.get("correlationId")).containsOnly(OlderRelease.TRACE_ID);
        assertThat(history).extracting(event -> event.get("traceId")).containsOnly((Object) null);
        Map<?, ?> update = (Map<?, ?>) history.get(1).get("thing");
        assertThat(update.get("name")).isEqualTo("remembered renamed");
        assertThat(OffsetDateTime.parse((String) update.get("createdOn")).toInstant()).isEqualTo(CREATED);
        assertThat(OffsetDateTime.parse((String) update.get("updatedOn")).toInstant()).isEqualTo(UPDATED);
    }

    @Test
    void aNewTaskCatchesUpThroughOldEventsAndPublishesBothKafkaFormatsInTheCurrentShape() {
        String before = older().thing(3, "caught up");
        createTask(Map.of("id", "revisions", "sink", Map.of("meilisearch", Map.of("index", "revisions"))));
        createTask(Map.of("id", "revisions-kafka", "sink", Map.of("kafka", Map.of("topics", List.of(
                Map.of("topic", "revisions.events", "format", "EVENTS"),
                Map.of("topic", "revisions.state", "format", "STATE"))))));
        SearchIndex index = new SearchIndex(indexes, "revisions");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents()).containsKey(before));
        // now followed live, by the task's processor rather than its history reader
        String after = older().thing(4, "followed");

        // the live Thing's two events are two commits: its document may be at its creation for a moment
        for (String id : List.of(before, after)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().get(id)).isNotNull()
                    .containsEntry("createdOn", CREATED.toString()).containsEntry("updatedOn", UPDATED.toString())
                    .containsEntry("version", 2.0));
        }
        KafkaTopic events = new KafkaTopic(kafka, topicPrefix + "revisions.events");
        List<JsonNode> updates = recordsOf(events, List.of(before, after), 4).stream().map(this::tree)
                .filter(envelope -> envelope.get("type").asText().equals("ThingUpdated")).toList();
        assertThat(updates).hasSize(2).allSatisfy(envelope -> {
            JsonNode payload = envelope.get("payload");
            assertThat(fieldNames(payload)).containsExactly("id", "name", "foo", "createdOn", "updatedOn", "version");
            assertThat(payload.get("createdOn").asText()).isEqualTo(CREATED.toString());
            assertThat(envelope.get("timestamp").asText()).isEqualTo(UPDATED.toString());
        });
        KafkaTopic state = new KafkaTopic(kafka, topicPrefix + "revisions.state");
        List<ConsumerRecord<String, byte[]>> states = recordsOf(state, List.of(before, after), 4);
        assertThat(states.stream().map(this::tree).filter(row -> row.get("version").asLong() == 2))
                .hasSize(2).allSatisfy(row -> {
                    assertThat(row.get("created_on").asText()).isEqualTo(CREATED.toString());
                    assertThat(row.get("updated_on").asText()).isEqualTo(UPDATED.toString());
                });
    }

    @Test
    void theKafkaSinkEncodesOldUpdatesFromTheirUpcastPayloadAsStored() {
        String id = older().thing(8, "as stored");
        String current = "{\"id\":\"" + id + "\",\"name\":\"as stored renamed\",\"foo\":2.5,\"createdOn\":\""
                         + CREATED + "\",\"updatedOn\":\"" + UPDATED + "\",\"version\":2}";

        EventMessage<?> fromHistory;
        try (Stream<? extends EventMessage<?>> read = history.readFrom(null)) {
            fromHistory = read.filter(event -> event.getPayloadType() == ThingUpdated.class
                    && id.equals(((DomainEventMessage<?>) event).getAggregateIdentifier())).findFirst().orElseThrow();
        }
        EventMessage<?> fromStore = store.readEvents(id).asStream().skip(1).findFirst().orElseThrow();

        for (EventMessage<?> event : List.of(fromHistory, fromStore)) {
            byte[] stored = history.payloadAsStored(event);
            assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo(current);
            assertThat(StoredThingRecords.read(ThingUpdated.class, stored)).as("read without binding").isNotNull();
        }
    }

    @Test
    void aFullSyncReplaysOldEventsAndItsCheckReadsThemAtTheCurrentRevision() {
        // the check before the swap reads each Thing's last event to apply the condition: read as stored, an old
        // update has no createdOn, and the copy would seem to hold a Thing too many
        createTask(Map.of("id", "created-known", "sink", Map.of("meilisearch", Map.of("index", "created-known")),
                "filter", Map.of("conditions", List.of(Map.of("field", "createdOn", "operator", "EXISTS")))));
        String id = older().thing(5, "replayed");
        SearchIndex index = new SearchIndex(indexes, "created-known");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents()).containsKey(id));

        graphQl.documentName("fullSync").operationName("fullSyncTask").variable("id", "created-known").execute()
               .path("fullSyncTask.status").entity(String.class).isEqualTo("FULL_SYNC");
        await().atMost(PATIENCE).until(() -> graphQl.documentName("fullSync").operationName("fullSyncProgress")
                .variable("id", "created-known").execute().path("syncTask").entity(Map.class).get()
                .get("fullSync") == null);

        graphQl.documentName("syncTaskHistory").variable("id", "created-known").execute()
               .path("syncTask.history[*].type").entityList(String.class)
               .containsExactly("SyncTaskCreated", "SyncTaskFullSyncRequested", "SyncTaskFullSyncCaughtUp",
                       "SyncTaskFullSyncCompleted");
        assertThat(index.documents().get(id)).containsEntry("createdOn", CREATED.toString())
                .containsEntry("name", "replayed renamed");
    }

    @Test
    void theLegacySinkWritesAnOldUpdateWithItsThingsCreationTime() {
        String id = older().thing(6, "kept in legacy");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(legacy.versions()).containsEntry(id, 2L));
        Map<String, Object> row = legacy.row(Long.parseLong(id));
        assertThat(row).containsEntry("name", "kept in legacy renamed").containsEntry("foo", 2);
        assertThat(((Timestamp) row.get("created_on")).toInstant()).isEqualTo(CREATED);
        assertThat(((Timestamp) row.get("updated_on")).toInstant()).isEqualTo(UPDATED);
    }

    @Test
    void aLetterParkedByAnOlderReleaseIsDeliveredAtTheCurrentRevision() {
        // names become document ids: Meilisearch refuses one with a space, and the Thing's events are parked
        createTask(Map.of("id", "parking", "sink", Map.of("meilisearch", Map.of("index", "parking")),
                "transform", List.of(Map.of("field", "name", "kind", "RENAME", "to", "id"))));
        String id = older().thing(7, "parked here");
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("select count(*) from dead_letter_entry "
                + "where aggregate_identifier = ?", Long.class, id) == 2);
        // as a release before revisions parked the update: its payload as that release read it
        assertThat(jdbc.update("update dead_letter_entry set payload = convert_to(?, 'UTF8'), payload_revision = null "
                + "where aggregate_identifier = ? and payload_type = ?", OlderRelease.firstReleaseUpdate(id,
                "parked here renamed"), id, ThingUpdated.class.getName())).isEqualTo(1);

        graphQl.documentName("updateSyncTask").variable("input", Map.of("id", "parking",
                        "sink", Map.of("meilisearch", Map.of("index", "parking"))))
               .execute().path("updateSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
        graphQl.documentName("deadLetters").operationName("reprocessDeadLetters").variable("taskId", "parking")
               .execute().path("reprocessDeadLetters.stillParked").entity(Integer.class).isEqualTo(0);

        SearchIndex index = new SearchIndex(indexes, "parking");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().get(id))
                .containsEntry("name", "parked here renamed").containsEntry("createdOn", CREATED.toString()));
    }

    private OlderRelease older() {
        return new OlderRelease(jdbc);
    }

    private void createTask(Map<String, Object> input) {
        graphQl.documentName("createSyncTask").variable("input", input).execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
    }

    /** The topic's records of these Things, once it holds at least {@code count} of them. */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(KafkaTopic topic, List<String> things, int count) {
        return topic.awaitRecords(PATIENCE, records -> records.stream().filter(r -> things.contains(r.key()))
                .count() >= count).stream().filter(r -> things.contains(r.key())).toList();
    }

    private JsonNode tree(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
