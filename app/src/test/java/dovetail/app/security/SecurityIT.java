package dovetail.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Bearer tokens and roles on GraphQL and actuator: who may do what, and how a refusal looks. */
@DovetailTest
class SecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE_THING =
            "{\"query\": \"mutation { createThing(input: {name: \\\"guarded\\\", foo: 1}) { __typename } }\"}";
    private static final String CREATE_TASK = "{\"query\": \"mutation { createSyncTask(input: {id: \\\"guarded\\\", "
            + "sink: {meilisearch: {index: \\\"guarded\\\"}}}) { __typename } }\"}";
    private static final String READ_THINGS = "{\"query\": \"{ things(first: 1) { pageInfo { hasNextPage } } }\"}";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    RawGraphQl raw;

    @BeforeEach
    void setUp() {
        raw = new RawGraphQl(port);
    }

    @Test
    void aRequestWithoutATokenOrWithAnUnknownOneIs401WithAJsonBody() {
        long events = new EventStore(jdbc).count();
        for (String token : new String[] {null, "not-a-known-token"}) {
            HttpResponse<String> response = raw.post(CREATE_THING, token);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(read(response).at("/errors/0/extensions/classification").asText()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    @Test
    void aReaderMayQueryButNotMutate() {
        long events = new EventStore(jdbc).count();
        assertThat(read(raw.post(READ_THINGS, TestTokens.READ)).at("/data/things/pageInfo").isObject()).isTrue();

        HttpResponse<String> response = raw.post(CREATE_THING, TestTokens.READ);
        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode refused = read(response);
        assertThat(refused.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        assertThat(refused.at("/errors/0/message").asText()).contains("createThing", "operator");
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    @Test
    void anOperatorMayChangeThingsButNotTasks() {
        assertThat(read(raw.post(CREATE_THING, TestTokens.OPERATOR)).at("/data/createThing/__typename").asText())
                .isEqualTo("Thing");
        HttpResponse<String> response = raw.post(CREATE_TASK, TestTokens.OPERATOR);
        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode refused = read(response);
        assertThat(refused.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        assertThat(refused.at("/errors/0/message").asText()).contains("createSyncTask", "admin");
        assertThat(read(raw.post(CREATE_TASK, TestTokens.ADMIN)).at("/data/createSyncTask/__typename").asText())
                .isEqualTo("SyncTask");
    }

    @Test
    void probesAreOpenAndTheRestOfActuatorNeedsAToken() {
        assertThat(raw.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(raw.get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(raw.get("/actuator/health", null).statusCode()).isEqualTo(401);
        assertThat(raw.get("/actuator/health", TestTokens.READ).statusCode()).isEqualTo(200);
    }

    @Test
    void theConsolesFilesLoadWithoutATokenAndComeFromDovetailOnly() throws Exception {
        HttpResponse<String> redirect = raw.get("/console", null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/console/"));
        HttpResponse<String> page = raw.get("/console/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("default-src 'self'", "script-src 'self'"));
        for (String asset : new String[] {"/console/js/main.js", "/console/console.css",
                "/webjars/graphql-ws/5.16.0/lib/client.mjs", "/webjars/uplot/1.6.30/dist/uPlot.esm.js",
                "/webjars/uplot/1.6.30/dist/uPlot.min.css"}) {
            assertThat(raw.get(asset, null).statusCode()).as(asset).isEqualTo(200);
        }
        // no file of the console reaches for anything but this server
        for (org.springframework.core.io.Resource file : new org.springframework.core.io.support
                .PathMatchingResourcePatternResolver().getResources("classpath:/console/**/*.*")) {
            assertThat(file.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).as(file.getFilename())
                    .doesNotContain("://");
        }
        // the files are open; the data behind them is not
        assertThat(raw.post(READ_THINGS, null).statusCode()).isEqualTo(401);
    }

    @Test
    void viewerTellsEachTokenItsRoleAndTheMutationsItMayRun() {
        String viewer = "{\"query\": \"{ viewer { name role mutations } }\"}";
        JsonNode reader = read(raw.post(viewer, TestTokens.READ)).at("/data/viewer");
        assertThat(reader.at("/name").asText()).isEqualTo("test-reader");
        assertThat(reader.at("/role").asText()).isEqualTo("READ");
        assertThat(reader.at("/mutations")).isEmpty();

        JsonNode operator = read(raw.post(viewer, TestTokens.OPERATOR)).at("/data/viewer");
        assertThat(operator.at("/role").asText()).isEqualTo("OPERATOR");
        assertThat(texts(operator.at("/mutations"))).containsExactly("createThing", "deleteThing",
                "pauseSyncTask", "reprocessDeadLetters", "resumeSyncTask", "updateThing", "verifyMigration");

        JsonNode admin = read(raw.post(viewer, TestTokens.ADMIN)).at("/data/viewer");
        assertThat(admin.at("/role").asText()).isEqualTo("ADMIN");
        assertThat(texts(admin.at("/mutations"))).contains("createSyncTask", "evictDeadLetters", "fullSyncTask",
                        "cutOver", "rollBack")
                .containsAll(texts(operator.at("/mutations")));
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
