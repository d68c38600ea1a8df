package dovetail.app.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.SearchIndex;
import dovetail.app.support.TestTokens;
import dovetail.app.support.ThingRequests;
import dovetail.projections.search.MeilisearchIndexes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An event the sink refuses for good is parked with its cause, the same Thing's later events wait behind it,
 * other Things keep flowing, and reprocessing after the fix delivers the parked events in order.
 */
@DovetailTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    MeilisearchIndexes indexes;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    // names become document ids: Meilisearch refuses one with a space
    private static final Map<String, Object> NAME_AS_ID = Map.of("id", "poison",
            "sink", Map.of("meilisearch", Map.of("index", "poison")),
            "transform", List.of(Map.of("field", "name", "kind", "RENAME", "to", "id")),
            "options", Map.of("batchSize", 50));

    @Test
    @Order(1) // counts every letter of a task that reads from the first event: before the other tests write
    void aRefusedEventIsParkedItsThingWaitsAndReprocessingAfterTheFixDeliversInOrder() {
        graphQl.documentName("createSyncTask").variable("input", NAME_AS_ID).execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
        SearchIndex index = new SearchIndex(indexes, "poison");

        String alpha = ThingRequests.create(graphQl, "alpha", 1);
        String bad = ThingRequests.create(graphQl, "bad name", 2);
        update(bad, "still bad", 2, 1);
        String beta = ThingRequests.create(graphQl, "beta", 3);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().keySet())
                .containsExactlyInAnyOrder("alpha", "beta"));
        update(bad, "now-fine", 2, 2);
        update(alpha, "alpha-2", 1, 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().keySet())
                .containsExactlyInAnyOrder("alpha", "alpha-2", "beta"));

        JsonNode report = deadLetters("poison");
        assertThat(report.at("/total").asLong()).isEqualTo(3);
        assertThat(report.at("/things").asLong()).isEqualTo(1);
        assertThat(report.at("/byTask/0/key").asText()).isEqualTo("poison");
        assertThat(report.at("/byError").size()).isEqualTo(1);
        assertThat(report.at("/byError/0/key").asText()).isEqualTo(
                "the primary key id must be an integer, or 1..511 bytes of A-Z a-z 0-9 - _");
        JsonNode letters = report.at("/letters");
        assertThat(letters.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(letters.get(i).at("/thingId").asText()).isEqualTo(bad);
            assertThat(letters.get(i).at("/indexInSequence").asInt()).isEqualTo(i);
        }
        assertThat(letters.get(0).at("/eventType").asText()).isEqualTo("ThingCreated");
        assertThat(letters.get(0).at("/cause").asText()).contains("primary key");
        assertThat(letters.get(1).at("/eventType").asText()).isEqualTo("ThingUpdated");
        // parked behind the first (no cause of its own), or refused itself when both arrived in one batch
        JsonNode secondCause = letters.get(1).at("/cause");
        assertThat(secondCause.isNull() || secondCause.asText().contains("primary key")).as(secondCause.toString())
                .isTrue();
        assertThat(report.at("/oldest/thingId").asText()).isEqualTo(bad);
        assertThat(report.at("/newest/indexInSequence").asInt()).isEqualTo(2);
        // the totals alone (first: 0, as the console asks) still name the oldest and the newest letter
        JsonNode totals = deadLetters("poison", 0);
        assertThat(totals.at("/letters").size()).isZero();
        assertThat(totals.at("/oldest/thingId").asText()).isEqualTo(bad);
        assertThat(totals.at("/oldest/indexInSequence").asInt()).isZero();
        assertThat(totals.at("/newest/indexInSequence").asInt()).isEqualTo(2);
        // counts and sequence numbers are integers on the wire, not 3.0
        assertThat(List.of(totals.at("/total"), totals.at("/things"), totals.at("/byTask/0/letters"),
                totals.at("/byError/0/letters"), letters.get(0).at("/sequenceNumber"), taskDeadLetters()))
                .allSatisfy(count -> assertThat(count.isIntegralNumber()).as(count.toString()).isTrue());
        graphQl.documentName("syncTask").variable("id", "poison").execute()
               .path("syncTask.status").entity(String.class).isEqualTo("ACTIVE");
        assertThat(taskDeadLetters().asLong()).isEqualTo(3);
        // parked events are not healthy: the task, and so the tasks' health, is DEGRADED, with the count
        await().atMost(PATIENCE).untilAsserted(() -> {
            var health = new RawGraphQl(port).get("/actuator/health/tasks", TestTokens.READ);
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode tasks = JSON.readTree(health.body());
            assertThat(tasks.at("/status").asText()).isEqualTo("DEGRADED");
            assertThat(tasks.at("/components/syncTasks/details/poison/deadLetters").asLong()).isEqualTo(3);
            assertThat(tasks.at("/components/syncTasks/details/poison/degraded").asText()).contains("3 parked");
        });

        // reprocessing without a fix: the Thing stays parked, with nothing lost
        JsonNode again = mutate("reprocessDeadLetters", Map.of("taskId", "poison", "limit", 10), TestTokens.OPERATOR);
        assertThat(again.at("/__typename").asText()).isEqualTo("DeadLettersProcessed");
        assertThat(again.at("/things").asInt()).isEqualTo(1);
        assertThat(again.at("/delivered").asInt()).isZero();
        assertThat(again.at("/stillParked").asInt()).isEqualTo(1);
        assertThat(again.at("/remaining").asLong()).isEqualTo(3);
        assertThat(again.at("/remaining").isIntegralNumber()).isTrue();

        // the fix: Thing ids as document ids again; the parked events go through it in order
        graphQl.documentName("updateSyncTask").variable("input", Map.of("id", "poison",
                        "sink", Map.of("meilisearch", Map.of("index", "poison")), "options", Map.of("batchSize", 50)))
               .execute().path("updateSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
        JsonNode fixed = mutate("reprocessDeadLetters", Map.of("taskId", "poison"), TestTokens.OPERATOR);
        assertThat(fixed.at("/delivered").asInt()).isEqualTo(3);
        assertThat(fixed.at("/stillParked").asInt()).isZero();
        assertThat(fixed.at("/remaining").asLong()).isZero();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().get(bad))
                .containsEntry("name", "now-fine").containsEntry("version", 3.0));
        assertThat(deadLetters("poison").at("/total").asLong()).isZero();

        // the Thing flows normally again
        update(bad, "after-fix", 2, 3);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().get(bad))
                .containsEntry("name", "after-fix"));
    }

    @Test
    void aDocumentMeilisearchFailsOnlyWhileIndexingIsParkedNotCountedAsDelivered() {
        // a _vectors field that is not an object passes the sink's own checks and fails in Meilisearch's task
        createTask("late-refusal", Map.of("field", "_vectors", "kind", "CONSTANT", "value", "none"));
        String thing = ThingRequests.create(graphQl, "refused while indexing", 1);

        await().atMost(PATIENCE).until(() -> deadLetters("late-refusal").at("/letters").findValuesAsText("thingId")
                .contains(thing));
        JsonNode report = deadLetters("late-refusal");
        assertThat(report.at("/byError/0/key").asText()).startsWith("Meilisearch refused the document while indexing");
        assertThat(new SearchIndex(indexes, "late-refusal").documents()).doesNotContainKey(thing);
        // parked as the store holds it: the name encrypted, never in clear
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where position('refused while indexing'"
                + " in convert_from(payload, 'UTF8')) > 0", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where position('\"name\":\"ek1:'"
                + " in convert_from(payload, 'UTF8')) > 0", Long.class)).isPositive();
        graphQl.documentName("syncTask").variable("id", "late-refusal").execute()
               .path("syncTask.status").entity(String.class).isEqualTo("ACTIVE");
    }

    @Test
    void anEventAnOlderReleaseStoredWithAnUnpairedSurrogateReplaysWithTheReplacementCharacter() {
        SearchIndex index = new SearchIndex(indexes, "things");
        String template = ThingRequests.create(graphQl, "placeholder of an older release", 1);
        List<String> neighbours = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            neighbours.add(ThingRequests.create(graphQl, "neighbour before " + i, i));
        }
        String old = "900000" + template;
        // an older release stored the name in clear: the copy holds it so, in place of today's encrypted one
        new EventStore(jdbc).appendEditedCopy(template, 0, old, payload -> payload.replaceFirst(
                "\"name\":\"[^\"]*\"", "\"name\":\"written by an older release \\\\ud800\""));
        for (int i = 0; i < 15; i++) {
            neighbours.add(ThingRequests.create(graphQl, "neighbour after " + i, i));
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents()).containsKeys(old, template)
                .containsKeys(neighbours.toArray(String[]::new)));
        assertThat(index.documents().get(old)).containsEntry("name", "written by an older release \uFFFD");
        assertThat(deadLetters("things-search").at("/total").asLong()).isZero();
    }

    @Test
    void evictionDropsTheLettersOfTheNamedThingsOrAll() {
        createTask("evictable", Map.of("field", "name", "kind", "RENAME", "to", "id"));
        String first = ThingRequests.create(graphQl, "first bad", 1);
        String second = ThingRequests.create(graphQl, "second bad", 1);
        // the task starts from the first event, so it may also park Things other tests wrote before
        await().atMost(PATIENCE).until(() -> deadLetters("evictable").at("/letters").findValuesAsText("thingId")
                .containsAll(List.of(first, second)));
        long total = deadLetters("evictable").at("/total").asLong();

        JsonNode refused = mutate("evictDeadLetters", Map.of("taskId", "evictable"), TestTokens.ADMIN);
        assertThat(refused.at("/__typename").asText()).isEqualTo("InvalidInput");
        assertThat(refused.at("/problems/0/field").asText()).isEqualTo("thingIds");
        JsonNode one = mutate("evictDeadLetters", Map.of("taskId", "evictable", "thingIds", List.of(first)),
                TestTokens.ADMIN);
        assertThat(one.at("/evicted").asLong()).isEqualTo(1);
        assertThat(one.at("/remaining").asLong()).isEqualTo(total - 1);
        assertThat(deadLetters("evictable").at("/letters").findValuesAsText("thingId"))
                .doesNotContain(first).contains(second);
        JsonNode rest = mutate("evictDeadLetters", Map.of("taskId", "evictable", "all", true), TestTokens.ADMIN);
        assertThat(rest.at("/evicted").asLong()).isEqualTo(total - 1);
        assertThat(rest.at("/remaining").asLong()).isZero();
    }

    @Test
    void badRequestsAreRefusedAndRolesApply() {
        assertThat(mutate("reprocessDeadLetters", Map.of("taskId", "no-such-task"), TestTokens.OPERATOR)
                .at("/__typename").asText()).isEqualTo("SyncTaskNotFound");
        assertThat(mutate("reprocessDeadLetters", Map.of("taskId", "things-search", "limit", 0), TestTokens.OPERATOR)
                .at("/problems/0/field").asText()).isEqualTo("limit");
        assertThat(mutate("evictDeadLetters", Map.of("taskId", "things-search", "all", true, "thingIds",
                List.of("1")), TestTokens.ADMIN).at("/problems/0/field").asText()).isEqualTo("all");
        graphQl.documentName("createSyncTask").variable("input", Map.of("id", "sleepy",
                        "sink", Map.of("meilisearch", Map.of("index", "sleepy"))))
               .execute().path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
        graphQl.documentName("taskLifecycle").operationName("pauseSyncTask").variable("id", "sleepy").execute()
               .path("pauseSyncTask.status").entity(String.class).isEqualTo("PAUSED");
        assertThat(mutate("reprocessDeadLetters", Map.of("taskId", "sleepy"), TestTokens.OPERATOR)
                .at("/__typename").asText()).isEqualTo("SyncTaskNotRunning");
        graphQl.documentName("deadLetters").operationName("deadLetters").variable("taskId", "no-such-task").execute()
               .path("deadLetters").valueIsNull();
        graphQl.documentName("deadLetters").operationName("deadLetters").variable("first", 5000).execute()
               .errors().satisfy(errors -> assertThat(errors).singleElement()
                       .satisfies(error -> assertThat(error.getMessage()).contains("first")));

        JsonNode readerReprocess = post(mutation("reprocessDeadLetters", Map.of("taskId", "things-search")),
                TestTokens.READ);
        assertThat(readerReprocess.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        JsonNode operatorEvict = post(mutation("evictDeadLetters", Map.of("taskId", "things-search", "all", true)),
                TestTokens.OPERATOR);
        assertThat(operatorEvict.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        JsonNode operatorFullSync = post("{\"query\": \"mutation { fullSyncTask(id: \\\"things-search\\\") "
                + "{ __typename } }\"}", TestTokens.OPERATOR);
        assertThat(operatorFullSync.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        JsonNode readerReport = post("{\"query\": \"{ deadLetters { total } }\"}", TestTokens.READ);
        assertThat(readerReport.at("/data/deadLetters/total").isNumber()).isTrue();
    }

    /** A Meilisearch task into an index of its own name, with one transform step. */
    private void createTask(String id, Map<String, Object> transformStep) {
        graphQl.documentName("createSyncTask").variable("input", Map.of("id", id,
                        "sink", Map.of("meilisearch", Map.of("index", id)), "transform", List.of(transformStep)))
               .execute().path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
    }

    private void update(String id, String name, double foo, int expectedVersion) {
        graphQl.documentName("updateThing")
               .variables(Map.of("id", id, "name", name, "foo", foo, "expectedVersion", expectedVersion)).execute()
               .path("updateThing.version").entity(Integer.class).isEqualTo(expectedVersion + 1);
    }

    private JsonNode taskDeadLetters() {
        return post("{\"query\": \"{ syncTask(id: \\\"poison\\\") { deadLetters } }\"}", TestTokens.READ)
                .at("/data/syncTask/deadLetters");
    }

    private JsonNode deadLetters(String taskId) {
        return deadLetters(taskId, 50);
    }

    private JsonNode deadLetters(String taskId, int first) {
        try {
            String body = JSON.writeValueAsString(Map.of("query", documentText(), "operationName", "deadLetters",
                    "variables", Map.of("taskId", taskId, "first", first)));
            return post(body, TestTokens.READ).at("/data/deadLetters");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode mutate(String operation, Map<String, Object> variables, String token) {
        return post(mutation(operation, variables), token).at("/data/" + operation);
    }

    private String mutation(String operation, Map<String, Object> variables) {
        try {
            return JSON.writeValueAsString(Map.of("query", documentText(), "operationName", operation,
                    "variables", variables));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode post(String body, String token) {
        try {
            return JSON.readTree(new RawGraphQl(port).post(body, token).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String documentText() {
        try (var in = DeadLetterIT.class.getResourceAsStream("/graphql-test/deadLetters.graphql")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
