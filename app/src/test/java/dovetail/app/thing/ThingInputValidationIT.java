package dovetail.app.thing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.RawHttp;
import dovetail.app.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every kind of bad input answers a typed or GraphQL error, leaks nothing internal, and appends no event. */
@DovetailTest
class ThingInputValidationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    EventStore events;
    RawGraphQl raw;
    long eventsBefore;

    @BeforeEach
    void setUp() {
        events = new EventStore(jdbc);
        raw = new RawGraphQl(port);
        eventsBefore = events.count();
    }

    @AfterEach
    void nothingWasAppended() {
        assertThat(events.count()).as("events appended by a refused request").isEqualTo(eventsBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void anEmptyOrBlankNameIsInvalid(String name) {
        graphQl.documentName("createThing").variable("name", name).variable("foo", 1.0).execute()
               .path("createThing.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("createThing.problems[0].field").entity(String.class).isEqualTo("name")
               .path("createThing.problems[0].message").entity(String.class).isEqualTo("must not be blank");
    }

    @Test
    void aNameOf201CharactersIsInvalid() {
        graphQl.documentName("createThing").variable("name", "n".repeat(201)).variable("foo", 1.0).execute()
               .path("createThing.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("createThing.problems[0].message").entity(String.class)
               .isEqualTo("must be at most 200 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad\\ud800", "x\\udc00y", "\\udfff\\ud800"})
    void aNameThatIsNotValidUnicodeIsInvalidInputNamingTheField(String escapedName) {
        assertThat(refusedName(escapedName)).contains("unpaired surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\u0000b", "two\\nlines", "bell\\u0007"})
    void aNameHoldingAControlCharacterIsInvalidInputNotAnInternalError(String escapedName) {
        assertThat(refusedName(escapedName)).contains("control characters");
    }

    /** Creates a Thing named by a JSON string's escaped content; answers the message of its InvalidInput on name. */
    private String refusedName(String escapedName) {
        JsonNode answer = post("""
                {"query": "mutation($n: String!) { createThing(input: {name: $n, foo: 1}) { __typename \
                ... on InvalidInput { problems { field message } } } }", "variables": {"n": "%s"}}"""
                .formatted(escapedName), 200);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/createThing/__typename").asText()).isEqualTo("InvalidInput");
        assertThat(answer.at("/data/createThing/problems/0/field").asText()).isEqualTo("name");
        return answer.at("/data/createThing/problems/0/message").asText();
    }

    @Test
    void theCreateFunctionRefusesTextThatIsNotValidUnicodeOrHoldsNul() {
        RawHttp http = new RawHttp(port);
        for (String name : List.of("x\\udc00y", "nul\\u0000")) {
            HttpResponse<String> response = http.post("/functions/createThing",
                    "{\"name\": \"" + name + "\", \"foo\": 1}", TestTokens.OPERATOR);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertNoInternals(response.body());
            JsonNode answer = read(response.body());
            assertThat(answer.get("type").asText()).isEqualTo("InvalidInput");
            assertThat(answer.at("/problems/0/field").asText()).isEqualTo("name");
        }
    }

    @Test
    void aMissingFooFailsGraphQlValidation() {
        JsonNode answer = post("""
                {"query": "mutation { createThing(input: {name: \\"lamp\\"}) { __typename } }"}""", 200);
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
        assertThat(answer.at("/errors/0/message").asText()).contains("foo");
        assertThat(answer.at("/data").isMissingNode() || answer.at("/data").isNull()).isTrue();
    }

    @Test
    void anInfiniteFooIsRefused() {
        JsonNode answer = post("""
                {"query": "mutation($foo: Float!) { createThing(input: {name: \\"lamp\\", foo: $foo}) { __typename } }",
                 "variables": {"foo": 1e400}}""", 200);
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
    }

    @Test
    void aNaNFooIsNotJsonAndIsRefused() {
        HttpResponse<String> response = raw.post("""
                {"query": "mutation($foo: Float!) { createThing(input: {name: \\"lamp\\", foo: $foo}) { __typename } }",
                 "variables": {"foo": NaN}}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertNoInternals(response.body());
    }

    @Test
    void aMalformedIdIsInvalidOnMutationsAndABadRequestOnReads() {
        graphQl.documentName("updateThing")
               .variables(Map.of("id", "12ab", "name", "x", "foo", 1.0, "expectedVersion", 1)).execute()
               .path("updateThing.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("updateThing.problems[0].field").entity(String.class).isEqualTo("id");
        graphQl.documentName("deleteThing").variables(Map.of("id", "-5", "expectedVersion", 1)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("deleteThing.problems[0].field").entity(String.class).isEqualTo("id");
        graphQl.documentName("thing").variable("id", "not-a-number").execute()
               .errors().satisfy(errors -> {
                   assertThat(errors).hasSize(1);
                   assertThat(errors.get(0).getErrorType().toString()).isEqualTo("BAD_REQUEST");
                   assertThat(errors.get(0).getMessage()).isEqualTo("id must be a non-negative integer");
               });
    }

    @Test
    void aNegativeExpectedVersionIsInvalid() {
        graphQl.documentName("deleteThing").variables(Map.of("id", "1", "expectedVersion", -1)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("deleteThing.problems[0].field").entity(String.class).isEqualTo("expectedVersion")
               .path("deleteThing.problems[0].message").entity(String.class).isEqualTo("must not be negative");
    }

    @Test
    void everyBrokenFieldIsReportedAtOnce() {
        graphQl.documentName("updateThing")
               .variables(Map.of("id", "x", "name", " ", "foo", 1.0, "expectedVersion", -3)).execute()
               .path("updateThing.problems[*].field").entityList(String.class)
               .containsExactly("id", "name", "expectedVersion")
               .path("updateThing.message").entity(String.class).isEqualTo("3 fields are invalid");
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedWith413() {
        String padding = "x".repeat(300 * 1024);
        HttpResponse<String> response = raw.post(
                "{\"query\": \"mutation { createThing(input: {name: \\\"" + padding + "\\\", foo: 1}) { __typename } }\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode answer = read(response.body());
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aSyntacticallyBrokenQueryAnswersAnInvalidSyntaxError() {
        JsonNode answer = post("{\"query\": \"mutation { createThing(input: {name: \\\"x\\\", foo: 1 }\"}", 200);
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("InvalidSyntax");
    }

    @Test
    void aQueryNestedTooDeepIsRefusedBeforeItRuns() {
        String deep = "{ __schema { types { fields { type " + "{ ofType ".repeat(16) + "{ name }" + " }".repeat(16)
                      + " } } } }";
        JsonNode answer = post("{\"query\": \"" + deep + "\"}", 200);
        assertThat(answer.at("/errors/0/message").asText()).containsIgnoringCase("depth");
        assertThat(answer.at("/data").isMissingNode() || answer.at("/data").isNull()).isTrue();
    }

    @Test
    void graphiqlsOwnSchemaQueryFitsTheLimits() {
        String introspection = "{ __schema { types { name fields { name args { name type { name kind ofType { name kind "
                + "ofType { name kind ofType { name kind ofType { name } } } } } } type { name kind ofType { name kind "
                + "ofType { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } } } }";
        JsonNode answer = post("{\"query\": \"" + introspection + "\"}", 200);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/__schema/types").size()).isPositive();
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() {
        HttpResponse<String> response = raw.post("this is not json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertNoInternals(response.body());
    }

    @Test
    void aMalformedCursorIsABadRequest() {
        graphQl.documentName("things").variable("first", 2).variable("after", "bm90LWEtY3Vyc29y").execute()
               .errors().satisfy(errors -> assertThat(errors).singleElement()
                       .satisfies(error -> assertThat(error.getErrorType().toString()).isEqualTo("BAD_REQUEST")));
    }

    @Test
    void aPageSizeOutOfRangeIsABadRequest() {
        for (int first : List.of(0, 101, -1)) {
            graphQl.documentName("things").variable("first", first).variable("after", null).execute()
                   .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(error -> {
                       assertThat(error.getErrorType().toString()).isEqualTo("BAD_REQUEST");
                       assertThat(error.getMessage()).isEqualTo("first must be between 1 and 100");
                   }));
        }
    }

    private JsonNode post(String body, int expectedStatus) {
        HttpResponse<String> response = raw.post(body);
        assertThat(response.statusCode()).isEqualTo(expectedStatus);
        assertNoInternals(response.body());
        return read(response.body());
    }

    private static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception", "dovetail.", "org.springframework", "\tat ");
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
