package dovetail.app.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawHttp;
import dovetail.app.support.TestTokens;
import dovetail.functions.OfferedFunction;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.function.web.FunctionHttpProperties;
import org.springframework.jdbc.core.JdbcTemplate;

/** The functions over HTTP, as a client with curl would use them: typed results, refusals, roles, bad input. */
@DovetailTest
class FunctionsHttpIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FunctionHttpProperties functionHttp;

    private static final String LAMP = "{\"name\": \"lamp\", \"foo\": 1}";

    private RawHttp http;
    private EventStore events;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
        events = new EventStore(jdbc);
    }

    private JsonNode call(String function, String body, String token, int status) throws Exception {
        HttpResponse<String> response = http.post("/functions/" + function, body, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return json.readTree(response.body());
    }

    private JsonNode call(String function, String body) throws Exception {
        return call(function, body, TestTokens.OPERATOR, 200);
    }

    @Test
    void aThingIsCreatedReadChangedAndDeletedThroughTheFunctions() throws Exception {
        JsonNode created = call("createThing", "{\"name\": \"  desk lamp \", \"foo\": 1.5}");
        assertThat(created.get("type").asText()).isEqualTo("Thing");
        assertThat(created.get("name").asText()).isEqualTo("desk lamp");
        assertThat(created.get("version").asLong()).isEqualTo(1);
        String id = created.get("id").asText();

        JsonNode read = call("getThing", "{\"id\": \"" + id + "\"}", TestTokens.READ, 200);
        assertThat(read.get("type").asText()).isEqualTo("Thing");
        assertThat(read.get("createdOn").asText()).isEqualTo(created.get("createdOn").asText());

        JsonNode updated = call("updateThing",
                "{\"id\": \"" + id + "\", \"name\": \"floor lamp\", \"foo\": 2, \"expectedVersion\": 1}");
        assertThat(updated.get("version").asLong()).isEqualTo(2);

        JsonNode deleted = call("deleteThing", "{\"id\": \"" + id + "\", \"expectedVersion\": 2}");
        assertThat(deleted.get("type").asText()).isEqualTo("DeletedThing");
        assertThat(deleted.get("id").asText()).isEqualTo(id);

        JsonNode gone = call("getThing", "{\"id\": \"" + id + "\"}", TestTokens.READ, 200);
        assertThat(gone.get("type").asText()).isEqualTo("ThingNotFound");
        assertThat(gone.get("message").asText()).isEqualTo("No Thing has id " + id);
    }

    @Test
    void refusalsAreTypedAsInGraphQlAndStoreNothing() throws Exception {
        String id = call("createThing", "{\"name\": \"lamp\", \"foo\": 1}").get("id").asText();
        call("updateThing", "{\"id\": \"" + id + "\", \"name\": \"b\", \"foo\": 2, \"expectedVersion\": 1}");
        long before = events.count();

        JsonNode conflict = call("updateThing",
                "{\"id\": \"" + id + "\", \"name\": \"c\", \"foo\": 3, \"expectedVersion\": 1}");
        assertThat(conflict.get("type").asText()).isEqualTo("VersionConflict");
        assertThat(conflict.get("currentVersion").asLong()).isEqualTo(2);
        assertThat(conflict.get("expectedVersion").asLong()).isEqualTo(1);
        assertThat(conflict.get("message").asText()).isEqualTo("Thing " + id + " is at version 2, not 1");

        JsonNode invalid = call("createThing", "{\"name\": \"   \"}");
        assertThat(invalid.get("type").asText()).isEqualTo("InvalidInput");
        assertThat(invalid.get("message").asText()).isEqualTo("2 fields are invalid");
        assertThat(invalid.get("problems").findValuesAsText("field")).containsExactly("name", "foo");

        JsonNode missing = call("deleteThing", "{\"id\": \"987654321\", \"expectedVersion\": 1}");
        assertThat(missing.get("type").asText()).isEqualTo("ThingNotFound");
        JsonNode badId = call("getThing", "{\"id\": \"-1\"}", TestTokens.READ, 200);
        assertThat(badId.get("type").asText()).isEqualTo("InvalidInput");
        assertThat(badId.get("problems").get(0).get("field").asText()).isEqualTo("id");

        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotTheFunctionsJsonIsA400WithoutInternals() throws Exception {
        long before = events.count();
        for (String body : new String[] {"{\"name\": \"lamp\", \"foo\": ", "not json", "[1, 2]", ""}) {
            JsonNode malformed = call("createThing", body, TestTokens.OPERATOR, 400);
            assertThat(malformed.get("type").asText()).isEqualTo("MalformedRequest");
            assertThat(malformed.toString()).doesNotContain("Exception", "dovetail.", "at ");
        }
        JsonNode wrongType = call("createThing", "{\"name\": \"lamp\", \"foo\": \"heavy\"}", TestTokens.OPERATOR, 400);
        assertThat(wrongType.get("message").asText()).isEqualTo("Field foo has the wrong type or format");
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void aBodyOrAnswerTypeThatIsNotJsonIsRefusedBeforeAnythingIsStored() throws Exception {
        long before = events.count();
        for (String type : List.of("text/plain", "application/xml", "text/html", "application/json; charset=ISO-8859-1")) {
            refused("Content-Type", type, 415, "UnsupportedMediaType");
        }
        for (String accept : List.of("text/plain", "application/xml", "text/html", "application/json;q=0")) {
            refused("Accept", accept, 406, "NotAcceptable");
        }
        assertThat(events.count()).isEqualTo(before);
    }

    /** createThing with this header is refused with this status and reply type, in JSON, without internals. */
    private void refused(String header, String value, int status, String type) throws Exception {
        HttpResponse<String> refused = http.send("POST", "/functions/createThing", LAMP, TestTokens.OPERATOR,
                Map.of(header, value));
        assertThat(refused.statusCode()).as(value + ": " + refused.body()).isEqualTo(status);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                answered -> assertThat(answered).startsWith("application/json"));
        JsonNode reply = json.readTree(refused.body());
        assertThat(reply.get("type").asText()).isEqualTo(type);
        assertThat(reply.get("message").asText()).contains("application/json");
        assertThat(reply.toString()).doesNotContain("Exception", "dovetail.");
    }

    @Test
    void aMissingBodyTypeIsReadAsJsonAndAnyAcceptThatTakesJsonIsAnswered() throws Exception {
        List<Map<String, String>> variants = List.of(Map.of("Content-Type", ""),
                Map.of("Content-Type", "application/json; charset=utf-8"),
                Map.of("Accept", "text/html, application/json;q=0.9"), Map.of("Accept", "*/*"),
                Map.of("Accept", "application/*"), Map.of("Accept", ""));
        for (Map<String, String> headers : variants) {
            HttpResponse<String> created = http.send("POST", "/functions/createThing", LAMP, TestTokens.OPERATOR,
                    headers);
            assertThat(created.statusCode()).as(headers + ": " + created.body()).isEqualTo(200);
            assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(
                    answered -> assertThat(answered).startsWith("application/json"));
            assertThat(json.readTree(created.body()).get("type").asText()).isEqualTo("Thing");
        }
    }

    @Test
    void eachFunctionNeedsItsRole() throws Exception {
        HttpResponse<String> anonymous = http.post("/functions/getThing", "{\"id\": \"1\"}", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json.readTree(anonymous.body()).at("/errors/0/extensions/classification").asText())
                .isEqualTo("UNAUTHORIZED");

        long before = events.count();
        HttpResponse<String> reader = http.post("/functions/createThing", "{\"name\": \"x\", \"foo\": 1}",
                TestTokens.READ);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(json.readTree(reader.body()).at("/errors/0/extensions/classification").asText())
                .isEqualTo("FORBIDDEN");
        assertThat(events.count()).isEqualTo(before);

        String task = "{\"action\": \"create\", \"id\": \"fn-task\", \"sink\": {\"meilisearch\": {\"index\": \"fn-task\"}}}";
        assertThat(http.post("/functions/syncTaskControl", task, TestTokens.OPERATOR).statusCode()).isEqualTo(403);
        assertThat(call("syncTaskControl", task, TestTokens.ADMIN, 200).get("type").asText()).isEqualTo("SyncTask");
        JsonNode paused = call("syncTaskControl", "{\"action\": \"pause\", \"id\": \"fn-task\"}", TestTokens.OPERATOR, 200);
        assertThat(paused.get("status").asText()).isEqualTo("PAUSED");
        assertThat(http.post("/functions/syncTaskControl", "{\"action\": \"pause\", \"id\": \"fn-task\"}",
                TestTokens.READ).statusCode()).isEqualTo(403);
        assertThat(http.post("/functions/syncTaskControl", "{\"action\": \"fullSync\", \"id\": \"fn-task\"}",
                TestTokens.OPERATOR).statusCode()).isEqualTo(403);
        JsonNode got = call("syncTaskControl", "{\"action\": \"get\", \"id\": \"fn-task\"}", TestTokens.READ, 200);
        assertThat(got.get("definition").get("sink").get("meilisearch").get("index").asText()).isEqualTo("fn-task");
        assertThat(http.post("/functions/syncTaskControl", "{\"action\": \"delete\", \"id\": \"fn-task\"}",
                TestTokens.OPERATOR).statusCode()).isEqualTo(403);
        JsonNode deleted = call("syncTaskControl", "{\"action\": \"delete\", \"id\": \"fn-task\"}", TestTokens.ADMIN, 200);
        assertThat(deleted.get("status").asText()).isEqualTo("DELETED");
        JsonNode unknown = call("syncTaskControl", "{\"action\": \"explode\"}", TestTokens.ADMIN, 200);
        assertThat(unknown.get("type").asText()).isEqualTo("InvalidInput");
        assertThat(unknown.at("/problems/0/field").asText()).isEqualTo("action");
    }

    @Test
    void onlyTheListedFunctionsAreReachableAndOnlyByPost() throws Exception {
        // an unknown name (the Kafka intake's own function, a composition, nothing at all) is a 404 naming those there are
        for (String name : List.of("nothing", "thingCommands", "createThing,getThing")) {
            var answer = http.post("/functions/" + name, "{}", TestTokens.READ);
            assertThat(answer.statusCode()).as(name).isEqualTo(404);
            JsonNode unknown = new ObjectMapper().readTree(answer.body());
            assertThat(unknown.get("type").asText()).isEqualTo("UnknownFunction");
            assertThat(unknown.get("supported")).extracting(JsonNode::asText).containsExactly("createThing",
                    "deleteThing", "getThing", "searchThings", "syncTaskControl", "updateThing");
        }
        assertThat(http.post("/functions/nothing", "{}", null).statusCode()).isEqualTo(401);
        var get = http.send("GET", "/functions/getThing", null, TestTokens.ADMIN);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(http.send("PUT", "/functions/createThing", "{}", TestTokens.ADMIN).statusCode()).isEqualTo(405);
        // behind that check, Spring Cloud Function's own list of what POST runs names the same functions
        assertThat(functionHttp.getPost().split(";")).containsExactlyInAnyOrderElementsOf(OfferedFunction.names());
    }

    @Test
    void searchThingsAnswersResultsOrInvalidSearch() throws Exception {
        JsonNode results = call("searchThings", "{\"query\": \"anything\", \"hitsPerPage\": 5}", TestTokens.READ, 200);
        assertThat(results.get("type").asText()).isEqualTo("SearchResults");
        assertThat(results.get("hitsPerPage").asInt()).isEqualTo(5);
        JsonNode invalid = call("searchThings", "{\"filter\": \"name = lamp\"}", TestTokens.READ, 200);
        assertThat(invalid.get("type").asText()).isEqualTo("InvalidSearch");
        assertThat(invalid.get("parameter").asText()).isEqualTo("filter");
    }
}
