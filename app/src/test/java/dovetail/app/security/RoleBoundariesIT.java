package dovetail.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * Every GraphQL operation at its role boundary: without a token and with an unknown one it is 401, with each role
 * below the one it needs it is refused however the document is shaped (directly, aliased, in an inline fragment, in
 * a named fragment, in nested fragments), over HTTP (403) and over a WebSocket (FORBIDDEN), and in no case does
 * anything get stored. The refusal where each field runs is tested on its own, past the early whole-request check.
 */
@DovetailTest
class RoleBoundariesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A root field as a document selects it, and the strongest token that is still refused (null: none is). */
    record Operation(String name, String field, String strongestRefused) {

        boolean isMutation() {
            return strongestRefused != null;
        }

        /** The tokens below the role the operation needs. */
        List<String> refusedTokens() {
            return TestTokens.OPERATOR.equals(strongestRefused) ? List.of(TestTokens.READ, TestTokens.OPERATOR)
                    : List.of(TestTokens.READ);
        }
    }

    /** The ways a document can ask for one root field. */
    enum Shape {
        DIRECT("%s { %s }"),
        ALIASED("%s { hidden: %s }"),
        INLINE_FRAGMENT("%s { ... on %s { %s } }"),
        NAMED_FRAGMENT("%s { ...Outer } fragment Outer on %s { %s }"),
        NESTED_FRAGMENTS("%s { ... on %s { ...Outer } } fragment Outer on %2$s { ...Inner } "
                         + "fragment Inner on %2$s { ... on %2$s { deep: %s } }");

        private final String template;

        Shape(String template) {
            this.template = template;
        }

        String document(String operationType, String rootType, String field) {
            return this == DIRECT || this == ALIASED ? template.formatted(operationType, field)
                    : template.formatted(operationType, rootType, field);
        }
    }

    static final String TASK = "sink: {meilisearch: {index: \"guarded\"}}";
    static final List<Operation> OPERATIONS = List.of(
            new Operation("thing", "thing(id: \"1\") { id }", null),
            new Operation("things", "things(first: 1) { pageInfo { hasNextPage } }", null),
            new Operation("searchThings", "searchThings(query: \"x\") { __typename }", null),
            new Operation("syncTasks", "syncTasks { id }", null),
            new Operation("syncTask", "syncTask(id: \"things-search\") { id }", null),
            new Operation("deadLetters", "deadLetters { total }", null),
            new Operation("thingHistory", "thingHistory(id: \"1\") { type }", null),
            new Operation("health", "health { status }", null),
            new Operation("viewer", "viewer { role }", null),
            new Operation("migration", "migration { mode }", null),
            new Operation("verifyMigration", "verifyMigration { __typename }", TestTokens.READ),
            new Operation("startBackfill", "startBackfill { __typename }", TestTokens.OPERATOR),
            new Operation("cutOver", "cutOver(force: true) { __typename }", TestTokens.OPERATOR),
            new Operation("rollBack", "rollBack { __typename }", TestTokens.OPERATOR),
            new Operation("retireLegacy", "retireLegacy { __typename }", TestTokens.OPERATOR),
            new Operation("seedLegacyThings", "seedLegacyThings(count: 1) { __typename }", TestTokens.OPERATOR),
            new Operation("createThing", "createThing(input: {name: \"x\", foo: 1}) { __typename ... on Thing { id } }",
                    TestTokens.READ),
            new Operation("updateThing", "updateThing(input: {id: \"1\", name: \"x\", foo: 1, expectedVersion: 1}) "
                    + "{ __typename }", TestTokens.READ),
            new Operation("deleteThing", "deleteThing(input: {id: \"1\", expectedVersion: 1}) { __typename }",
                    TestTokens.READ),
            new Operation("pauseSyncTask", "pauseSyncTask(id: \"things-search\") { __typename }", TestTokens.READ),
            new Operation("resumeSyncTask", "resumeSyncTask(id: \"things-search\") { __typename }", TestTokens.READ),
            new Operation("reprocessDeadLetters", "reprocessDeadLetters(taskId: \"things-search\") { __typename }",
                    TestTokens.READ),
            new Operation("createSyncTask", "createSyncTask(input: {id: \"evil-task\", " + TASK + "}) { __typename }",
                    TestTokens.OPERATOR),
            new Operation("updateSyncTask", "updateSyncTask(input: {id: \"things-search\", " + TASK + "}) "
                    + "{ __typename }", TestTokens.OPERATOR),
            new Operation("deleteSyncTask", "deleteSyncTask(id: \"things-search\", force: true) { __typename }",
                    TestTokens.OPERATOR),
            new Operation("fullSyncTask", "fullSyncTask(id: \"things-search\") { __typename }", TestTokens.OPERATOR),
            new Operation("evictDeadLetters", "evictDeadLetters(taskId: \"things-search\", all: true) { __typename }",
                    TestTokens.OPERATOR));

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ExecutionGraphQlService graphQlService;

    static Stream<Arguments> operations() {
        return OPERATIONS.stream().map(operation -> Arguments.of(operation.name(), operation));
    }

    static Stream<Arguments> refusals() {
        return OPERATIONS.stream().filter(Operation::isMutation).flatMap(operation -> operation.refusedTokens()
                .stream().flatMap(token -> Stream.of(Shape.values())
                        .map(shape -> Arguments.of(operation.name(), token, shape, operation))));
    }

    private static String body(String document) {
        return JSON.createObjectNode().put("query", document).toString();
    }

    private static String document(Operation operation, Shape shape) {
        return operation.isMutation() ? shape.document("mutation", "Mutation", operation.field())
                : shape.document("query", "Query", operation.field());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void eachOperationNeedsAKnownToken(String name, Operation operation) throws Exception {
        RawGraphQl raw = new RawGraphQl(port);
        long events = new EventStore(jdbc).count();
        for (String token : new String[] {null, "not-a-known-token"}) {
            HttpResponse<String> response = raw.post(body(document(operation, Shape.DIRECT)), token);
            assertThat(response.statusCode()).as("%s with token %s", name, token).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).at("/errors/0/extensions/classification").asText())
                    .isEqualTo("UNAUTHORIZED");
        }
        if (!operation.isMutation()) {
            for (Shape shape : Shape.values()) {
                HttpResponse<String> response = raw.post(body(document(operation, shape)), TestTokens.READ);
                assertThat(response.statusCode()).as("%s %s", name, shape).isEqualTo(200);
                assertThat(JSON.readTree(response.body()).has("errors")).as(response.body()).isFalse();
            }
        }
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0} as {1}, {2}")
    @MethodSource("refusals")
    void aMutationIsRefusedOverHttpToEveryWeakerRoleWhateverTheDocumentsShape(String name, String token, Shape shape,
                                                                              Operation operation) throws Exception {
        long events = new EventStore(jdbc).count();
        HttpResponse<String> response = new RawGraphQl(port).post(body(document(operation, shape)), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body()).at("/errors/0");
        assertThat(error.at("/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        assertThat(error.at("/message").asText()).contains(name + " (needs ");
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    @Test
    void aMutationIsRefusedOverAWebSocketToEveryWeakerRoleWhateverTheDocumentsShape() {
        long events = new EventStore(jdbc).count();
        for (String token : List.of(TestTokens.READ, TestTokens.OPERATOR)) {
            WebSocketGraphQlTester socket = WebSocketGraphQlTester.builder(
                    URI.create("ws://127.0.0.1:" + port + "/graphql"), new ReactorNettyWebSocketClient())
                    .headers(headers -> headers.setBearerAuth(token)).build();
            try {
                for (Operation operation : OPERATIONS) {
                    if (!operation.isMutation() || !operation.refusedTokens().contains(token)) {
                        continue;
                    }
                    for (Shape shape : Shape.values()) {
                        socket.document(document(operation, shape)).execute().errors().satisfy(errors ->
                                assertThat(errors).as("%s %s", operation.name(), shape).singleElement()
                                        .satisfies(error -> {
                                            assertThat(error.getErrorType()).hasToString("FORBIDDEN");
                                            assertThat(error.getMessage()).contains(operation.name() + " (needs ");
                                        }));
                    }
                }
                // a subscription in nested fragments is open to a reader, like any read
                String progress = socket.document(Shape.NESTED_FRAGMENTS.document("subscription", "Subscription",
                                "syncTaskProgress(id: \"things-search\") { id }"))
                        .executeSubscription().toFlux("deep.id", String.class).blockFirst(Duration.ofSeconds(30));
                assertThat(progress).isEqualTo("things-search");
            } finally {
                socket.stop().block(Duration.ofSeconds(5));
            }
        }
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    @Test
    void aRequestMixingAnAllowedAndAForbiddenMutationRunsNeither() throws Exception {
        long events = new EventStore(jdbc).count();
        String document = "mutation { createThing(input: {name: \"allowed\", foo: 1}) { __typename } "
                          + "...F } fragment F on Mutation { createSyncTask(input: {id: \"evil-task\", " + TASK
                          + "}) { __typename } }";
        HttpResponse<String> response = new RawGraphQl(port).post(body(document), TestTokens.OPERATOR);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).at("/errors/0/message").asText()).contains("createSyncTask");
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    /**
     * Past the web layer's early check: GraphQL run directly with a reader's authentication in its context still
     * refuses each mutation where it runs, in every shape, and runs the fields the reader may run.
     */
    @Test
    void eachMutationIsRefusedWhereItRunsEvenPastTheEarlyCheck() {
        long events = new EventStore(jdbc).count();
        Authentication reader = new TestingAuthenticationToken("reader", null, "ROLE_READ");
        for (Operation operation : OPERATIONS) {
            if (!operation.isMutation()) {
                continue;
            }
            for (Shape shape : Shape.values()) {
                ExecutionGraphQlResponse response = run(document(operation, shape), reader);
                assertThat(response.getErrors()).as("%s %s", operation.name(), shape)
                        .extracting(ResponseError::getErrorType).extracting(Object::toString).containsOnly("FORBIDDEN");
                assertThat(response.getErrors().get(0).getMessage()).contains(operation.name() + " (needs ");
            }
        }
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);

        // no authentication in the context at all: nothing runs either
        Operation createThing = OPERATIONS.stream().filter(operation -> operation.name().equals("createThing"))
                .findFirst().orElseThrow();
        assertThat(run(document(createThing, Shape.DIRECT), null).getErrors())
                .extracting(ResponseError::getErrorType).extracting(Object::toString).containsOnly("FORBIDDEN");
        // the reader's own fields run
        ExecutionGraphQlResponse read = run("query { ...R } fragment R on Query { viewer { role } }", reader);
        assertThat(read.getErrors()).isEmpty();
        assertThat(read.<Map<String, Object>>getData()).extracting("viewer").extracting("role").isEqualTo("READ");
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    private ExecutionGraphQlResponse run(String document, Authentication authentication) {
        DefaultExecutionGraphQlRequest request = new DefaultExecutionGraphQlRequest(document, null, Map.of(), Map.of(),
                "direct", null);
        if (authentication != null) {
            request.configureExecutionInput((input, builder) -> builder
                    .graphQLContext(Map.of(GraphQlAuthorization.AUTHENTICATION, authentication)).build());
        }
        return graphQlService.execute(request).block(Duration.ofSeconds(30));
    }
}
