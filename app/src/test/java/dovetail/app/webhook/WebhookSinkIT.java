package dovetail.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.RawHttp;
import dovetail.app.support.ReadModel;
import dovetail.app.support.TestTokens;
import dovetail.app.support.ThingRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Webhook tasks end to end: created over GraphQL, posting to a real HTTP server that checks every signature. Every
 * change arrives in both formats, an outage of the receiver loses nothing, a Thing the receiver refuses is parked
 * while the others arrive, a full sync replays every Thing, the secret is never answered, and a definition outside
 * the rules (a host this deployment does not allow among them) is refused with nothing stored.
 */
@DovetailTest
@TestPropertySource(properties = "dovetail.webhooks.allowed-hosts=127.0.0.1")
class WebhookSinkIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String SECRET = "the-receivers-shared-secret-0123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebhookReceiver receiver;

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private static Map<String, Object> webhook(String id, String url, String format, String secret) {
        Map<String, Object> webhook = new HashMap<>(Map.of("url", url, "format", format));
        if (secret != null) {
            webhook.put("secret", secret);
        }
        return Map.of("id", id, "sink", Map.of("webhook", webhook), "options", Map.of("batchTimeoutMillis", 5000));
    }

    private void createTask(String id, String path, String format) {
        graphQl.documentName("webhookSyncTask").operationName("createWebhookTask")
               .variable("input", webhook(id, receiver.url(path), format, SECRET)).execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask")
               .path("createSyncTask.sink.webhook.secretSet").entity(Boolean.class).isEqualTo(true);
    }

    private GraphQlTester.Request<?> task(String id) {
        return graphQl.documentName("webhookSyncTask").operationName("webhookTask").variable("id", id);
    }

    private String create(String name) {
        return ThingRequests.create(graphQl, name, 1.5);
    }

    private void update(String id, String name, int expectedVersion) {
        graphQl.documentName("updateThing").variables(Map.of("id", id, "name", name, "foo", 2.5,
                "expectedVersion", expectedVersion)).execute().path("updateThing.__typename").entity(String.class)
               .isEqualTo("Thing");
    }

    private void delete(String id, int expectedVersion) {
        graphQl.documentName("deleteThing").variables(Map.of("id", id, "expectedVersion", expectedVersion)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("DeletedThing");
    }

    /** The idempotency keys the receiver took at this path for these Things, in arrival order. */
    private static List<String> keys(String path, Set<String> things) {
        return receiver.taken(path).stream().map(record -> record.get("idempotencyKey").asText())
                .filter(key -> things.contains(key.substring(0, key.indexOf(':')))).toList();
    }

    /** Each Thing's last record the receiver took at this path. */
    private static Map<String, JsonNode> latest(String path) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        receiver.taken(path).forEach(record -> latest.put(record.get("id").asText(), record));
        return latest;
    }

    @Test
    void everyCreateUpdateAndDeleteArrivesSignedInBothFormats() {
        createTask("hook-events", "/events", "EVENTS");
        createTask("hook-state", "/state", "STATE");
        String kept = create("kept");
        String renamed = create("renamed");
        String gone = create("gone");
        update(renamed, "renamed twice", 1);
        delete(gone, 1);
        Set<String> things = Set.of(kept, renamed, gone);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(keys("/events", things)).containsExactlyInAnyOrder(
                kept + ":1", renamed + ":1", renamed + ":2", gone + ":1", gone + ":2"));
        assertThat(keys("/events", Set.of(renamed))).containsExactly(renamed + ":1", renamed + ":2");
        assertThat(receiver.taken("/events")).filteredOn(record -> record.get("id").asText().equals(gone))
                .extracting(record -> record.get("type").asText()).containsExactly("ThingCreated", "ThingDeleted");
        assertThat(receiver.requests("/events")).allSatisfy(request -> {
            assertThat(request.signed()).isTrue();
            assertThat(request.task()).isEqualTo("hook-events");
            assertThat(request.body().get("format").asText()).isEqualTo("EVENTS");
        });

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("/state").get(gone))
                .isEqualTo(JSON.readTree("{\"idempotencyKey\":\"" + gone + ":2\",\"id\":" + gone
                        + ",\"version\":2,\"deleted\":true}")));
        Map<String, JsonNode> state = latest("/state");
        assertThat(state.get(renamed).get("name").asText()).isEqualTo("renamed twice");
        assertThat(state.get(renamed).get("version").asLong()).isEqualTo(2);
        assertThat(state.get(renamed).has("updated_on")).isTrue();
        assertThat(state.get(kept).get("idempotencyKey").asText()).isEqualTo(kept + ":1");
    }

    @Test
    void aReceiverThatFailsFor20SecondsLosesNothing() {
        Instant recovers = Instant.now().plusSeconds(20);
        receiver.answer("/outage", body -> Instant.now().isBefore(recovers) ? 503 : 200);
        createTask("hook-outage", "/outage", "EVENTS");
        List<String> things = List.of(create("during outage 1"), create("during outage 2"), create("during outage 3"));
        update(things.get(0), "during outage 1 again", 1);

        await().atMost(PATIENCE).untilAsserted(() -> task("hook-outage")
                .execute().path("syncTask.status").entity(String.class).isEqualTo("FAILED")
                .path("syncTask.lastError").entity(String.class).satisfies(error -> assertThat(error)
                        .contains("answered 503 refused with 503").doesNotContain("Exception")));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(keys("/outage", Set.copyOf(things))).contains(things.get(0) + ":1", things.get(0) + ":2",
                        things.get(1) + ":1", things.get(2) + ":1"));
        assertThat(new ReadModel(jdbc).versions().keySet()).allSatisfy(thing ->
                assertThat(receiver.taken("/outage")).anySatisfy(record -> assertThat(record.get("id").asText())
                        .isEqualTo(thing)));
        await().atMost(PATIENCE).untilAsserted(() -> task("hook-outage")
                .execute().path("syncTask.status").entity(String.class).isEqualTo("ACTIVE"));
    }

    @Test
    void aThingTheReceiverRefusesIsParkedWhileTheOthersArrive() {
        String refused = create("refused by the receiver");
        String first = create("taken first");
        String second = create("taken second");
        receiver.answer("/picky", body -> body.get("records").findValuesAsText("idempotencyKey").stream()
                .anyMatch(key -> key.startsWith(refused + ":")) ? 400 : 200);
        createTask("hook-picky", "/picky", "STATE");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(keys("/picky", Set.of(first, second)))
                .contains(first + ":1", second + ":1"));
        await().atMost(PATIENCE).untilAsserted(() -> graphQl.documentName("deadLetters").operationName("deadLetters")
                .variable("taskId", "hook-picky").execute()
                .path("deadLetters.letters[*].thingId").entityList(String.class).containsExactly(refused)
                .path("deadLetters.letters[0].cause").entity(String.class)
                .isEqualTo("the receiver refused it when sent alone: 400 refused with 400"));
        assertThat(keys("/picky", Set.of(refused))).isEmpty();
        task("hook-picky").execute()
               .path("syncTask.status").entity(String.class).isEqualTo("ACTIVE")
               .path("syncTask.deadLetters").entity(Long.class).isEqualTo(1L);
    }

    @Test
    void aFullSyncReplaysEveryThingIntoTheReceiver() {
        create("replayed");
        createTask("hook-replay", "/replay", "STATE");
        Set<String> live = new ReadModel(jdbc).versions().keySet();
        await().atMost(PATIENCE).until(() -> latest("/replay").keySet().containsAll(live));
        // everything delivered live is in: what arrives from here on is the replay
        await().atMost(PATIENCE).untilAsserted(() -> task("hook-replay").execute()
                .path("syncTask.lagEvents").entity(Long.class).isEqualTo(0L));
        int before = receiver.taken("/replay").size();

        graphQl.documentName("fullSync").operationName("fullSyncTask").variable("id", "hook-replay").execute()
               .path("fullSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<JsonNode> taken = receiver.taken("/replay");
            assertThat(taken.subList(before, taken.size()).stream().map(record -> record.get("id").asText()))
                    .containsAll(live);
        });
        await().atMost(PATIENCE).untilAsserted(() -> task("hook-replay")
                .execute().path("syncTask.status").entity(String.class).isEqualTo("ACTIVE"));
    }

    @Test
    void theSecretIsNeverAnsweredAndAnUpdateWithoutItKeepsIt() {
        createTask("hook-secret", "/secret", "EVENTS");
        graphQl.documentName("webhookSyncTask").operationName("updateWebhookTask")
               .variable("input", webhook("hook-secret", receiver.url("/secret-v2"), "STATE", null)).execute()
               .path("updateSyncTask.__typename").entity(String.class).isEqualTo("SyncTask")
               .path("updateSyncTask.sink.webhook.format").entity(String.class).isEqualTo("STATE");
        String after = create("after the update");
        // still signed with the secret given at creation: the receiver takes only what it can verify
        await().atMost(PATIENCE).until(() -> keys("/secret-v2", Set.of(after)).contains(after + ":1"));

        RawGraphQl raw = new RawGraphQl(port);
        String sink = "sink { type webhook { url format secretSet } }";
        for (String query : List.of("{ syncTask(id: \\\"hook-secret\\\") { " + sink + " history { type definition { "
                        + sink + " } } } }", "{ syncTasks { id " + sink + " } }")) {
            String answer = raw.post("{\"query\": \"" + query + "\"}").body();
            assertThat(answer).contains("\"secretSet\":true").contains(receiver.url("/secret-v2"))
                    .doesNotContain(SECRET).doesNotContain("errors");
        }
        RawHttp functions = new RawHttp(port);
        for (String request : List.of("{\"action\": \"get\", \"id\": \"hook-secret\"}", "{\"action\": \"list\"}")) {
            String answer = functions.post("/functions/syncTaskControl", request, TestTokens.ADMIN).body();
            assertThat(answer).contains(receiver.url("/secret-v2")).doesNotContain(SECRET);
        }
        task("hook-secret").execute()
               .path("syncTask.history[*].type").entityList(String.class)
               .containsExactly("SyncTaskCreated", "SyncTaskReconfigured");
    }

    @Test
    void definitionsOutsideTheRulesAreRefusedWithTheirFieldAndNothingIsStored() {
        long events = new EventStore(jdbc).count();

        graphQl.documentName("webhookSyncTask").operationName("createWebhookTask")
               .variable("input", webhook("hook-internal", "http://169.254.169.254/latest/meta-data", "EVENTS", SECRET))
               .execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("createSyncTask.problems[*].field").entityList(String.class).containsExactly("sink.webhook.url")
               .path("createSyncTask.problems[0].message").entity(String.class).isEqualTo("names host 169.254.169.254, "
                       + "which is not in dovetail.webhooks.allowed-hosts (allowed: [127.0.0.1])");
        graphQl.documentName("webhookSyncTask").operationName("createWebhookTask")
               .variable("input", webhook("hook-bad", "not a url", "STATE", null)).execute()
               .path("createSyncTask.problems[*].field").entityList(String.class)
               .containsExactly("sink.webhook.url", "sink.webhook.secret");
        graphQl.documentName("webhookSyncTask").operationName("createWebhookTask")
               .variable("input", webhook("hook-bad", "ftp://127.0.0.1/in", "STATE", "too short")).execute()
               .path("createSyncTask.problems[*].message").entityList(String.class).containsExactly(
                       "must be an absolute http or https URL", "must have 16..200 characters, not all blank");

        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
        for (String id : List.of("hook-internal", "hook-bad")) {
            task(id).execute().path("syncTask").valueIsNull();
        }
    }
}
