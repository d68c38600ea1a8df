package dovetail.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.LegacyApi;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The legacy REST contract, asked the same questions with the legacy store primary and with Dovetail primary: the
 * statuses and the fields of every answer are the same, bad input is refused with {@code {"error-message": …}}
 * and stores nothing on either side, and tokens are checked with answers in the legacy error shape.
 */
@DovetailTest
class LegacyFacadeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private static LegacyDatabase legacy;

    @BeforeAll
    static void legacyRows() {
        legacy = LegacyDatabase.of(LegacyFacadeIT.class);
        legacy.insert(0, 3);
    }

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(LegacyFacadeIT.class).register(registry);
    }

    @Test
    void answersAlikeWhicheverSideIsPrimary() throws Exception {
        LegacyApi api = new LegacyApi(port);
        JsonNode backfill = graphQl("mutation { startBackfill { __typename } }");
        assertThat(backfill.at("/startBackfill/__typename").asText()).isEqualTo("Migration");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "COMPLETED".equals(graphQl("{ migration { backfill { status } } }").at("/migration/backfill/status")
                        .asText()));

        List<String> legacyPrimary = conversation(api, 1);
        JsonNode cutOver = graphQl("mutation { cutOver(force: true) { __typename ... on Migration { mode } } }");
        assertThat(cutOver.at("/cutOver/mode").asText()).as(cutOver.toString()).isEqualTo("NEW_PRIMARY");
        List<String> newPrimary = conversation(api, 2);

        assertThat(newPrimary).isEqualTo(legacyPrimary);
    }

    /**
     * The same requests in the same order; each answer reduced to its status, its field names and, for errors,
     * nothing more (messages may differ in wording). Also checks that refused requests store nothing.
     */
    private List<String> conversation(LegacyApi api, long thing) throws Exception {
        List<String> answers = new ArrayList<>();
        HttpResponse<String> list = api.get("/api/things/", TestTokens.READ);
        answers.add(shape(list));
        JsonNode things = JSON.readTree(list.body());
        assertThat(things.isArray()).isTrue();
        List<Long> ids = new ArrayList<>();
        things.forEach(node -> ids.add(node.get("id").asLong()));
        assertThat(ids).isSorted();
        assertThat(ids).startsWith(0L, 1L, 2L);

        HttpResponse<String> one = api.get("/api/things/" + thing, TestTokens.READ);
        answers.add(shape(one));
        JsonNode got = JSON.readTree(one.body());
        assertThat(got.get("id").isIntegralNumber()).isTrue();
        assertThat(got.get("foo").isIntegralNumber()).isTrue();
        assertThat(got.get("version").isIntegralNumber()).isTrue();
        assertThat(got.get("created-on").asText()).endsWith("Z");

        long version = got.get("version").asLong();
        HttpResponse<String> updated = api.post("/api/things/" + thing,
                "{\"name\": \"  padded  \", \"foo\": 6, \"version\": " + version + "}", TestTokens.OPERATOR);
        answers.add(shape(updated));
        assertThat(JSON.readTree(updated.body()).get("name").asText()).isEqualTo("padded");
        assertThat(JSON.readTree(updated.body()).get("version").asLong()).isEqualTo(version + 1);

        HttpResponse<String> created = api.post("/api/things/", "{\"name\": \"fresh\", \"foo\": -4}", TestTokens.OPERATOR);
        answers.add(shape(created));
        assertThat(JSON.readTree(created.body()).get("foo").asLong()).isEqualTo(-4);

        // with the legacy store primary, both writes reach Dovetail through capture; after that, nothing more moves
        long createdId = JSON.readTree(created.body()).get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "select version from thing_view where id in (?, ?)", Long.class, thing, createdId).size() == 2
                && jdbc.queryForObject("select version from thing_view where id = ?", Long.class, thing) == version + 1);
        long legacyRows = legacy.count();
        long events = new EventStore(jdbc).count();
        Map<String, HttpResponse<String>> refused = new LinkedHashMap<>();
        refused.put("malformed JSON", api.post("/api/things/", "{\"name\": ", TestTokens.OPERATOR));
        refused.put("not an object", api.post("/api/things/", "[1]", TestTokens.OPERATOR));
        refused.put("empty name", api.post("/api/things/", "{\"name\": \"\", \"foo\": 1}", TestTokens.OPERATOR));
        refused.put("foo 0", api.post("/api/things/", "{\"name\": \"x\", \"foo\": 0}", TestTokens.OPERATOR));
        refused.put("NUL in name", api.post("/api/things/", "{\"name\": \"a\\u0000b\", \"foo\": 1}",
                TestTokens.OPERATOR));
        refused.put("unpaired surrogate", api.post("/api/things/" + thing, "{\"name\": \"x\\udc00y\", \"foo\": 1, "
                                                                          + "\"version\": " + (version + 1) + "}",
                TestTokens.OPERATOR));
        refused.put("no foo", api.post("/api/things/", "{\"name\": \"x\"}", TestTokens.OPERATOR));
        refused.put("fractional foo", api.post("/api/things/", "{\"name\": \"x\", \"foo\": 1.5}", TestTokens.OPERATOR));
        refused.put("no version", api.post("/api/things/" + thing, "{\"name\": \"x\", \"foo\": 1}", TestTokens.OPERATOR));
        refused.put("stale version", api.post("/api/things/" + thing, "{\"name\": \"x\", \"foo\": 1, \"version\": "
                                                                      + version + "}", TestTokens.OPERATOR));
        refused.put("unknown id", api.post("/api/things/999999", "{\"name\": \"x\", \"foo\": 1, \"version\": 0}",
                TestTokens.OPERATOR));
        refused.put("get unknown", api.get("/api/things/999999", TestTokens.READ));
        refused.put("non-numeric id", api.get("/api/things/abc", TestTokens.READ));
        refused.put("no token", api.get("/api/things/", null));
        refused.put("reader writes", api.post("/api/things/", "{\"name\": \"x\", \"foo\": 1}", TestTokens.READ));
        for (Map.Entry<String, HttpResponse<String>> answer : refused.entrySet()) {
            JsonNode body = JSON.readTree(answer.getValue().body());
            assertThat(body.get("error-message").asText()).as(answer.getKey()).isNotBlank();
            assertThat(answer.getValue().headers().firstValue("Content-Type").orElse(""))
                    .as(answer.getKey()).startsWith("application/json");
            answers.add(answer.getKey() + ": " + shape(answer.getValue()));
        }
        assertThat(answers).contains("malformed JSON: 400 [error-message]", "empty name: 400 [error-message]",
                "foo 0: 400 [error-message]", "NUL in name: 400 [error-message]",
                "unpaired surrogate: 400 [error-message]", "no foo: 400 [error-message]", "stale version: 409 [error-message]",
                "unknown id: 404 [error-message]", "get unknown: 404 [error-message]",
                "non-numeric id: 400 [error-message]", "no token: 401 [error-message]",
                "reader writes: 403 [error-message]");
        assertThat(JSON.readTree(refused.get("NUL in name").body()).get("error-message").asText())
                .startsWith("name must not hold control characters");
        assertThat(JSON.readTree(refused.get("unpaired surrogate").body()).get("error-message").asText())
                .startsWith("name must be valid Unicode text");
        assertThat(legacy.count()).as("legacy rows after refused requests").isEqualTo(legacyRows);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
               .untilAsserted(() -> assertThat(new EventStore(jdbc).count()).as("events after refused requests")
                                                                            .isEqualTo(events));
        return answers;
    }

    private static String shape(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        JsonNode sample = body.isArray() ? body.get(0) : body;
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = sample.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        return response.statusCode() + " " + fields;
    }

    private JsonNode graphQl(String document) {
        return new RawGraphQl(port).data(document);
    }
}
