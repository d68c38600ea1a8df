package dovetail.app.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.KafkaTopic;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.SearchIndex;
import dovetail.app.support.TestTokens;
import dovetail.domain.synctask.StartFullSync;
import dovetail.domain.thing.ImportThing;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingOutcome;
import dovetail.projections.search.MeilisearchIndexes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code eraseThing} against the real engines: the store holds only ciphertext of a Thing's name, before and after;
 * after the erasure its events are all still there, its name reads as erased in its history, and the read model, the
 * search index, both Kafka topics and the legacy table hold nothing of it, also after a full sync; it takes no
 * further command and its id cannot be imported again; other Things are untouched.
 */
@DovetailTest
class ErasureIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandGateway commands;

    @Autowired
    MeilisearchIndexes indexes;

    @Value("${spring.kafka.bootstrap-servers}")
    String servers;

    @Value("${dovetail.kafka.topic-prefix}")
    String prefix;

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(ErasureIT.class).register(registry);
        registry.add("dovetail.sync-tasks.reconcile-interval", () -> "500ms");
    }

    @Test
    void anErasedThingIsUnreadableInTheStoreAndGoneFromEveryCopy() throws Exception {
        String id = create("Ada Lovelace", 1.5);
        data("mutation { updateThing(input: {id: \\\"" + id + "\\\", name: \\\"Ada King\\\", foo: 2, "
             + "expectedVersion: 1}) { __typename } }");
        String other = create("Grace Hopper", 3);
        assertThat(plaintextRows("Ada")).isZero();
        assertThat(plaintextRows("Grace Hopper")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and position('ek1:' in convert_from(payload, 'UTF8')) > 0", Long.class, id)).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> search().containsKey(id) && search().containsKey(other));
        await().atMost(PATIENCE).until(() -> legacy().versions().containsKey(id));
        await().atMost(PATIENCE).until(() -> stateTopic().latestVersions().containsKey(id));
        assertThat(search().get(id)).containsEntry("name", "Ada King");

        JsonNode erased = data("mutation { eraseThing(id: \\\"" + id + "\\\") { __typename ... on ErasedThing { id } } }");
        assertThat(erased.at("/eraseThing/__typename").asText()).isEqualTo("ErasedThing");
        assertThat(erased.at("/eraseThing/id").asText()).isEqualTo(id);

        // the stream is intact, the key is gone, and the store never held the name in clear
        assertThat(jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number", String.class, id)).containsExactly("dovetail.domain.thing.ThingCreated",
                "dovetail.domain.thing.ThingUpdated", "dovetail.domain.thing.ThingErased");
        assertThat(plaintextRows("Ada")).isZero();
        assertThat(jdbc.queryForObject("select wrapped_key is null and erased_on is not null from thing_keys"
                + " where thing_id = ?", Boolean.class, id)).isTrue();

        assertThat(data("{ thing(id: \\\"" + id + "\\\") { id } }").get("thing").isNull()).isTrue();
        JsonNode history = data("{ thingHistory(id: \\\"" + id + "\\\") { type version erased thing { name } } }")
                .get("thingHistory");
        assertThat(history.findValuesAsText("type")).containsExactly("ThingCreated", "ThingUpdated", "ThingErased");
        assertThat(history.findValuesAsText("version")).containsExactly("1", "2", "3");
        history.forEach(event -> {
            assertThat(event.get("erased").asBoolean()).isTrue();
            assertThat(event.get("thing").isNull()).isTrue();
        });

        await().atMost(PATIENCE).until(() -> !search().containsKey(id));
        await().atMost(PATIENCE).until(() -> !legacy().versions().containsKey(id));
        await().atMost(PATIENCE).until(() -> !stateTopic().latestVersions().containsKey(id));
        List<ConsumerRecord<String, byte[]>> events = eventsTopic().awaitRecords(PATIENCE,
                records -> types(records, id).contains("ThingErased"));
        ConsumerRecord<String, byte[]> marker = events.stream().filter(record -> id.equals(record.key()))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(tree(marker.value()).get("type").asText()).isEqualTo("ThingErased");
        assertThat(tree(marker.value()).at("/payload/version").asLong()).isEqualTo(3);
        List<ConsumerRecord<String, byte[]>> states = stateTopic().records().stream()
                .filter(record -> id.equals(record.key())).toList();
        assertThat(states.get(states.size() - 1).value()).as("a tombstone").isNull();

        // the other Thing keeps its name everywhere
        assertThat(data("{ thing(id: \\\"" + other + "\\\") { name } }").at("/thing/name").asText())
                .isEqualTo("Grace Hopper");
        assertThat(data("{ thingHistory(id: \\\"" + other + "\\\") { erased thing { name } } }")
                .at("/thingHistory/0/thing/name").asText()).isEqualTo("Grace Hopper");
        assertThat(search().get(other)).containsEntry("name", "Grace Hopper");
        assertThat(legacy().row(Long.parseLong(other))).containsEntry("name", "Grace Hopper");
    }

    @Test
    void anErasedThingTakesNoCommandAndItsIdCannotBeImportedAgain() {
        String id = create("Alan Turing", 4);
        data("mutation { eraseThing(id: \\\"" + id + "\\\") { __typename } }");
        long events = eventsOf(id);

        assertThat(data("mutation { updateThing(input: {id: \\\"" + id + "\\\", name: \\\"Alan\\\", foo: 1, "
                        + "expectedVersion: 2}) { __typename } }").at("/updateThing/__typename").asText())
                .isEqualTo("ThingNotFound");
        assertThat(data("mutation { deleteThing(input: {id: \\\"" + id + "\\\", expectedVersion: 2}) { __typename } }")
                .at("/deleteThing/__typename").asText()).isEqualTo("ThingNotFound");
        ThingOutcome reimport = commands.sendAndWait(new ImportThing(id, "Alan Turing", 4.0, Instant.now(),
                Instant.now(), 9L));
        assertThat(reimport).isEqualTo(new ThingNotFound(id));
        assertThat(data("mutation { eraseThing(id: \\\"" + id + "\\\") { __typename } }")
                .at("/eraseThing/__typename").asText()).as("erasing again").isEqualTo("ErasedThing");
        assertThat(eventsOf(id)).isEqualTo(events);
        assertThat(plaintextRows("Turing")).isZero();
    }

    @Test
    void aDeletedThingCanBeErasedToo() {
        String id = create("Edsger Dijkstra", 5);
        data("mutation { deleteThing(input: {id: \\\"" + id + "\\\", expectedVersion: 1}) { __typename } }");

        assertThat(data("mutation { eraseThing(id: \\\"" + id + "\\\") { __typename } }")
                .at("/eraseThing/__typename").asText()).isEqualTo("ErasedThing");

        JsonNode history = data("{ thingHistory(id: \\\"" + id + "\\\") { type version erased } }").get("thingHistory");
        assertThat(history.findValuesAsText("type")).containsExactly("ThingCreated", "ThingDeleted", "ThingErased");
        assertThat(history.findValuesAsText("version")).containsExactly("1", "2", "3");
        assertThat(jdbc.queryForObject("select wrapped_key is null from thing_keys where thing_id = ?", Boolean.class,
                id)).isTrue();
    }

    @Test
    void aFullSyncAfterAnErasureBringsNothingOfItBack() throws Exception {
        String id = create("Barbara Liskov", 6);
        String kept = create("Kept Name", 7);
        data("mutation { eraseThing(id: \\\"" + id + "\\\") { __typename } }");
        await().atMost(PATIENCE).until(() -> !stateTopic().latestVersions().containsKey(id)
                && stateTopic().latestVersions().containsKey(kept));
        // one Thing's records are in one partition, in order: what the full sync adds follows what was there
        List<String> eventsBefore = types(eventsTopic().records(), id);
        List<byte[]> statesBefore = values(stateTopic().records(), id);

        for (String task : List.of("things-search", "things-kafka", "things-legacy")) {
            commands.sendAndWait(new StartFullSync(task));
        }
        await().atMost(PATIENCE).until(() -> types(eventsTopic().records(), kept).size() == 2);
        await().atMost(PATIENCE).until(() -> idle("things-search") && idle("things-kafka") && idle("things-legacy"));

        List<String> eventsAfter = types(eventsTopic().records(), id);
        assertThat(eventsAfter.subList(eventsBefore.size(), eventsAfter.size())).containsExactly("ThingErased");
        List<byte[]> statesAfter = values(stateTopic().records(), id);
        assertThat(statesAfter.subList(statesBefore.size(), statesAfter.size())).as("only tombstones")
                .isNotEmpty().containsOnlyNulls();
        assertThat(search()).doesNotContainKey(id).containsKey(kept);
        assertThat(legacy().versions()).doesNotContainKey(id).containsKey(kept);
        assertThat(stateTopic().latestVersions()).doesNotContainKey(id).containsKey(kept);
    }

    @Test
    void onlyAnAdminErasesAndAMalformedIdIsAnInvalidInput() throws Exception {
        String id = create("Operator Cannot", 8);
        java.net.http.HttpResponse<String> refused = new RawGraphQl(port).post(
                "{\"query\": \"mutation { eraseThing(id: \\\"" + id + "\\\") { __typename } }\"}", TestTokens.OPERATOR);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(eventsOf(id)).isEqualTo(1);

        JsonNode malformed = data("mutation { eraseThing(id: \\\"x1\\\") { __typename "
                                  + "... on InvalidInput { problems { field } } } }");
        assertThat(malformed.at("/eraseThing/__typename").asText()).isEqualTo("InvalidInput");
        assertThat(malformed.at("/eraseThing/problems/0/field").asText()).isEqualTo("id");
        assertThat(data("mutation { eraseThing(id: \\\"987654321\\\") { __typename } }")
                .at("/eraseThing/__typename").asText()).isEqualTo("ThingNotFound");
    }

    private String create(String name, double foo) {
        return data("mutation { createThing(input: {name: \\\"" + name + "\\\", foo: " + foo + "}) "
                    + "{ ... on Thing { id } } }").at("/createThing/id").asText();
    }

    private JsonNode data(String document) {
        return new RawGraphQl(port).data(document);
    }

    private long plaintextRows(String text) {
        return jdbc.queryForObject("select count(*) from domain_event_entry"
                + " where position(? in convert_from(payload, 'UTF8')) > 0", Long.class, text);
    }

    private long eventsOf(String id) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, id);
    }

    private boolean idle(String task) {
        JsonNode status = data("{ syncTask(id: \\\"" + task + "\\\") { status lagEvents fullSync { phase } } }");
        return "ACTIVE".equals(status.at("/syncTask/status").asText()) && status.at("/syncTask/fullSync").isNull()
               && status.at("/syncTask/lagEvents").asLong() == 0;
    }

    private Map<String, Map<String, Object>> search() {
        return new SearchIndex(indexes, "things").documents();
    }

    private LegacyDatabase legacy() {
        return LegacyDatabase.of(ErasureIT.class);
    }

    private KafkaTopic eventsTopic() {
        return new KafkaTopic(servers, prefix + "dovetail.things.events");
    }

    private KafkaTopic stateTopic() {
        return new KafkaTopic(servers, prefix + "dovetail.things.state");
    }

    private static List<String> types(List<ConsumerRecord<String, byte[]>> records, String id) {
        return records.stream().filter(record -> id.equals(record.key()) && record.value() != null)
                .map(record -> tree(record.value()).get("type").asText()).toList();
    }

    private static List<byte[]> values(List<ConsumerRecord<String, byte[]>> records, String id) {
        return records.stream().filter(record -> id.equals(record.key())).map(ConsumerRecord::value).toList();
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
