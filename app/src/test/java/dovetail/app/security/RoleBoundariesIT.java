package dovetail.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every GraphQL operation at its role boundary: without a token and with an unknown one it is 401, with the role
 * just below the one it needs it is 403, and in no case does anything get stored.
 */
@DovetailTest
class RoleBoundariesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    static Stream<Arguments> operations() {
        String task = "sink: {meilisearch: {index: \\\"guarded\\\"}}";
        return Stream.of(
                // operation, document, the strongest role that is still refused (null: none is)
                Arguments.of("thing", "{ thing(id: \\\"1\\\") { id } }", null),
                Arguments.of("things", "{ things(first: 1) { pageInfo { hasNextPage } } }", null),
                Arguments.of("searchThings", "{ searchThings(query: \\\"x\\\") { __typename } }", null),
                Arguments.of("syncTasks", "{ syncTasks { id } }", null),
                Arguments.of("syncTask", "{ syncTask(id: \\\"things-search\\\") { id } }", null),
                Arguments.of("deadLetters", "{ deadLetters { total } }", null),
                Arguments.of("thingHistory", "{ thingHistory(id: \\\"1\\\") { type } }", null),
                Arguments.of("health", "{ health { status } }", null),
                Arguments.of("viewer", "{ viewer { role } }", null),
                Arguments.of("migration", "{ migration { mode } }", null),
                Arguments.of("verifyMigration", "mutation { verifyMigration { __typename } }", TestTokens.READ),
                Arguments.of("startBackfill", "mutation { startBackfill { __typename } }", TestTokens.OPERATOR),
                Arguments.of("cutOver", "mutation { cutOver(force: true) { __typename } }", TestTokens.OPERATOR),
                Arguments.of("rollBack", "mutation { rollBack { __typename } }", TestTokens.OPERATOR),
                Arguments.of("retireLegacy", "mutation { retireLegacy { __typename } }", TestTokens.OPERATOR),
                Arguments.of("seedLegacyThings", "mutation { seedLegacyThings(count: 1) { __typename } }",
                        TestTokens.OPERATOR),
                Arguments.of("createThing", "mutation { createThing(input: {name: \\\"x\\\", foo: 1}) { __typename } }",
                        TestTokens.READ),
                Arguments.of("updateThing", "mutation { updateThing(input: {id: \\\"1\\\", name: \\\"x\\\", foo: 1, "
                        + "expectedVersion: 1}) { __typename } }", TestTokens.READ),
                Arguments.of("deleteThing", "mutation { deleteThing(input: {id: \\\"1\\\", expectedVersion: 1}) "
                        + "{ __typename } }", TestTokens.READ),
                Arguments.of("pauseSyncTask", "mutation { pauseSyncTask(id: \\\"things-search\\\") { __typename } }",
                        TestTokens.READ),
                Arguments.of("resumeSyncTask", "mutation { resumeSyncTask(id: \\\"things-search\\\") { __typename } }",
                        TestTokens.READ),
                Arguments.of("reprocessDeadLetters", "mutation { reprocessDeadLetters(taskId: \\\"things-search\\\") "
                        + "{ __typename } }", TestTokens.READ),
                Arguments.of("createSyncTask", "mutation { createSyncTask(input: {id: \\\"guarded\\\", " + task
                        + "}) { __typename } }", TestTokens.OPERATOR),
                Arguments.of("updateSyncTask", "mutation { updateSyncTask(input: {id: \\\"things-search\\\", " + task
                        + "}) { __typename } }", TestTokens.OPERATOR),
                Arguments.of("deleteSyncTask", "mutation { deleteSyncTask(id: \\\"things-search\\\", force: true) "
                        + "{ __typename } }", TestTokens.OPERATOR),
                Arguments.of("fullSyncTask", "mutation { fullSyncTask(id: \\\"things-search\\\") { __typename } }",
                        TestTokens.OPERATOR),
                Arguments.of("evictDeadLetters", "mutation { evictDeadLetters(taskId: \\\"things-search\\\", "
                        + "all: true) { __typename } }", TestTokens.OPERATOR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void eachOperationIsGuardedAtItsRole(String operation, String document, String strongestRefused)
            throws Exception {
        RawGraphQl raw = new RawGraphQl(port);
        String body = "{\"query\": \"" + document + "\"}";
        long events = new EventStore(jdbc).count();

        for (String token : new String[] {null, "not-a-known-token"}) {
            HttpResponse<String> response = raw.post(body, token);
            assertThat(response.statusCode()).as("%s with token %s", operation, token).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).at("/errors/0/extensions/classification").asText())
                    .isEqualTo("UNAUTHORIZED");
        }
        if (strongestRefused != null) {
            HttpResponse<String> response = raw.post(body, strongestRefused);
            assertThat(response.statusCode()).as(operation).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).at("/errors/0/message").asText()).contains(operation);
        } else {
            HttpResponse<String> response = raw.post(body, TestTokens.READ);
            assertThat(response.statusCode()).as(operation).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).has("errors")).as(response.body()).isFalse();
        }
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }
}
