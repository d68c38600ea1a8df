package dovetail.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.GraphQlSource;
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
 * The role each operation needs is the one the schema declares; this class holds only a way to ask for each, and
 * fails when the schema has an operation it has no way to ask for.
 */
@DovetailTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleBoundariesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Role, String> TOKENS = Map.of(
            Role.READ, TestTokens.READ, Role.OPERATOR, TestTokens.OPERATOR, Role.ADMIN, TestTokens.ADMIN);

    /** A root field as a document selects it, whether it is a mutation, and the role the schema says it needs. */
    record Operation(String name, String field, boolean isMutation, Role needs) {

        /** The tokens below the role the operation needs. */
        List<String> refusedTokens() {
            return Arrays.stream(Role.values()).filter(role -> role.compareTo(needs) < 0).map(TOKENS::get).toList();
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
    /** How a document asks for each root field of Query and Mutation, with arguments that pass validation. */
    static final Map<String, String> FIELDS = inOrder(
            "thing", "thing(id: \"1\") { id }",
            "things", "things(first: 1) { pageInfo { hasNextPage } }",
            "searchThings", "searchThings(query: \"x\") { __typename }",
            "syncTasks", "syncTasks { id }",
            "syncTask", "syncTask(id: \"things-search\") { id }",
            "deadLetters", "deadLetters { total }",
            "thingHistory", "thingHistory(id: \"1\") { type }",
            "health", "health { status }",
            "viewer", "viewer { role }",
            "traceViewerUrl", "traceViewerUrl",
            "migration", "migration { mode }",
            "verifyMigration", "verifyMigration { __typename }",
            "startBackfill", "startBackfill { __typename }",
            "cutOver", "cutOver(force: true) { __typename }",
            "repairDrift", "repairDrift(dryRun: true) { __typename }",
            "rollBack", "rollBack { __typename }",
            "retireLegacy", "retireLegacy { __typename }",
            "seedLegacyThings", "seedLegacyThings(count: 1) { __typename }",
            "createThing", "createThing(input: {name: \"x\", foo: 1}) { __typename ... on Thing { id } }",
            "updateThing", "updateThing(input: {id: \"1\", name: \"x\", foo: 1, expectedVersion: 1}) { __typename }",
            "deleteThing", "deleteThing(input: {id: \"1\", expectedVersion: 1}) { __typename }",
            "eraseThing", "eraseThing(id: \"1\") { __typename }",
            "pauseSyncTask", "pauseSyncTask(id: \"things-search\") { __typename }",
            "resumeSyncTask", "resumeSyncTask(id: \"things-search\") { __typename }",
            "reprocessDeadLetters", "reprocessDeadLetters(taskId: \"things-search\") { __typename }",
            "createSyncTask", "createSyncTask(input: {id: \"evil-task\", " + TASK + "}) { __typename }",
            "updateSyncTask", "updateSyncTask(input: {id: \"things-search\", " + TASK + "}) { __typename }",
            "deleteSyncTask", "deleteSyncTask(id: \"things-search\", force: true) { __typename }",
            "fullSyncTask", "fullSyncTask(id: \"things-search\") { __typename }",
            "fullSyncAllTasks", "fullSyncAllTasks { __typename }",
            "evictDeadLetters", "evictDeadLetters(taskId: \"things-search\", all: true) { __typename }");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ExecutionGraphQlService graphQlService;

    @Autowired
    GraphQlSource graphQl;

    private static Map<String, String> inOrder(String... namesAndFields) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndFields.length; i += 2) {
            fields.put(namesAndFields[i], namesAndFields[i + 1]);
        }
        return fields;
    }

    /** Each operation of {@link #FIELDS}, with the role its declaration in the schema says it needs. */
    private List<Operation> operations() {
        GraphQLSchema schema = graphQl.schema();
        return FIELDS.entrySet().stream().map(field -> {
            boolean mutation = schema.getMutationType().getFieldDefinition(field.getKey()) != null;
            GraphQLObjectType root = mutation ? schema.getMutationType() : schema.getQueryType();
            Role needs = OperationRoles.needed(schema, root, field.getKey()).orElseThrow(
                    () -> new AssertionError(field.getKey() + " is no root field of Query or Mutation"));
            return new Operation(field.getKey(), field.getValue(), mutation, needs);
        }).toList();
    }

    Stream<Arguments> eachOperation() {
        return operations().stream().map(operation -> Arguments.of(operation.name(), operation));
    }

    Stream<Arguments> refusals() {
        return operations().stream().flatMap(operation -> operation.refusedTokens()
                .stream().flatMap(token -> Stream.of(Shape.values())
                        .map(shape -> Arguments.of(operation.name(), token, shape, operation))));
    }

    @Test
    void everyQueryAndMutationOfTheSchemaIsAskedForHere() {
        GraphQLSchema schema = graphQl.schema();
        assertThat(Stream.of(schema.getQueryType(), schema.getMutationType())
                .flatMap(root -> root.getFieldDefinitions().stream()).map(GraphQLFieldDefinition::getName))
                .containsExactlyInAnyOrderElementsOf(FIELDS.keySet());
    }

    private static String body(String document) {
        return JSON.createObjectNode().put("query", document).toString();
    }

    private static String document(Operation operation, Shape shape) {
        return operation.isMutation() ? shape.document("mutation", "Mutation", operation.field())
                : shape.document("query", "Query", operation.field());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachOperation")
    void eachOperationNeedsAKnownToken(String name, Operation operation) throws Exception {
        RawGraphQl raw = new RawGraphQl(port);
        long events = new EventStore(jdbc).count();
        for (String token : new String[] {null, "not-a-known-token"}) {
            HttpResponse<String> response = raw.post(body(document(operation, Shape.DIRECT)), token);
            assertThat(response.statusCode()).as("%s with token %s", name, token).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).at("/errors/0/extensions/classification").asText())
                    .isEqualTo("UNAUTHORIZED");
        }
        if (operation.refusedTokens().isEmpty()) {
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
                for (Operation operation : operations()) {
                    if (!operation.refusedTokens().contains(token)) {
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
        for (Operation operation : operations()) {
            if (operation.refusedTokens().isEmpty()) {
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
        Operation createThing = operations().stream().filter(operation -> operation.name().equals("createThing"))
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
