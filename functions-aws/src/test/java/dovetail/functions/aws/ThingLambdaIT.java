package dovetail.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.embedded.spring.DevelopmentKeys;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The Lambda artifact's handler, invoked in-process as AWS would invoke it, against a real PostgreSQL: with plain
 * JSON (one function per deployment) and with API Gateway proxy events (routed by a header).
 */
@WithEngines
class ThingLambdaIT {

    private static final Map<String, String> PROPERTIES = Map.of(
            "MAIN_CLASS", ThingLambda.class.getName(),
            "axoniq.update-checker.disabled", "true");

    private static TestEndpoints engines;
    private static FunctionInvoker createThing;
    private static FunctionInvoker routed;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startHandlers(TestEndpoints endpoints) {
        engines = endpoints;
        PROPERTIES.forEach(System::setProperty);
        System.setProperty("spring.datasource.url", endpoints.jdbcUrl());
        System.setProperty(DevelopmentKeys.PROPERTY, DevelopmentKeys.KEY_ENCRYPTION_KEY);
        System.setProperty("spring.datasource.username", endpoints.username());
        System.setProperty("spring.datasource.password", endpoints.password());
        createThing = new FunctionInvoker("createThing");
        routed = new FunctionInvoker();
    }

    @AfterAll
    static void clearProperties() {
        PROPERTIES.keySet().forEach(System::clearProperty);
        System.clearProperty("spring.datasource.url");
        System.clearProperty(DevelopmentKeys.PROPERTY);
        System.clearProperty("spring.datasource.username");
        System.clearProperty("spring.datasource.password");
    }

    private JsonNode invoke(FunctionInvoker handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return json.readTree(out.toByteArray());
    }

    /** An API Gateway (REST API) proxy event for a POST with this body, routed to {@code function}. */
    private String apiGateway(String function, String body) throws Exception {
        return json.writeValueAsString(Map.of(
                "resource", "/things", "path", "/things", "httpMethod", "POST",
                "headers", Map.of("Content-Type", "application/json", "spring.cloud.function.definition", function),
                "requestContext", Map.of("requestId", "test", "stage", "test", "httpMethod", "POST"),
                "isBase64Encoded", false, "body", body));
    }

    @Test
    void plainJsonCreatesAThingInPostgresWithItsReadModelRow() throws Exception {
        JsonNode thing = invoke(createThing, "{\"name\": \"lambda lamp\", \"foo\": 2.5}");

        assertThat(thing.get("type").asText()).isEqualTo("Thing");
        assertThat(thing.get("version").asLong()).isEqualTo(1);
        String id = thing.get("id").asText();
        assertThat(count("select count(*) from domain_event_entry where aggregate_identifier = '" + id + "'")).isEqualTo(1);
        assertThat(count("select count(*) from thing_view where id = " + id + " and name = 'lambda lamp'")).isEqualTo(1);
    }

    @Test
    void invalidPlainJsonIsRefusedAndStoresNothing() throws Exception {
        long before = count("select count(*) from domain_event_entry");

        JsonNode invalid = invoke(createThing, "{\"name\": \"\", \"foo\": 1}");

        assertThat(invalid.get("type").asText()).isEqualTo("InvalidInput");
        assertThat(invalid.at("/problems/0/field").asText()).isEqualTo("name");
        assertThat(count("select count(*) from domain_event_entry")).isEqualTo(before);
    }

    @Test
    void aLambdaOfOneFunctionAlsoTakesApiGatewayEvents() throws Exception {
        JsonNode response = invoke(createThing, json.writeValueAsString(Map.of(
                "resource", "/things", "path", "/things", "httpMethod", "POST",
                "headers", Map.of("Content-Type", "application/json"),
                "requestContext", Map.of("requestId", "test", "stage", "test", "httpMethod", "POST"),
                "isBase64Encoded", false, "body", "{\"name\": \"one function\", \"foo\": 3}")));

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(json.readTree(response.get("body").asText()).get("name").asText()).isEqualTo("one function");
    }

    @Test
    void apiGatewayEventsAreRoutedByHeaderAndAnsweredAsHttpResponses() throws Exception {
        JsonNode created = invoke(routed, apiGateway("createThing", "{\"name\": \"gateway lamp\", \"foo\": 1}"));
        assertThat(created.get("statusCode").asInt()).isEqualTo(200);
        String id = json.readTree(created.get("body").asText()).get("id").asText();

        JsonNode updated = invoke(routed, apiGateway("updateThing",
                "{\"id\": \"" + id + "\", \"name\": \"gateway lamp 2\", \"foo\": 2, \"expectedVersion\": 1}"));
        JsonNode thing = json.readTree(updated.get("body").asText());
        assertThat(thing.get("type").asText()).isEqualTo("Thing");
        assertThat(thing.get("version").asLong()).isEqualTo(2);

        JsonNode stale = json.readTree(invoke(routed, apiGateway("deleteThing",
                "{\"id\": \"" + id + "\", \"expectedVersion\": 1}")).get("body").asText());
        assertThat(stale.get("type").asText()).isEqualTo("VersionConflict");
        assertThat(stale.get("currentVersion").asLong()).isEqualTo(2);

        JsonNode deleted = json.readTree(invoke(routed, apiGateway("deleteThing",
                "{\"id\": \"" + id + "\", \"expectedVersion\": 2}")).get("body").asText());
        assertThat(deleted.get("type").asText()).isEqualTo("DeletedThing");
        assertThat(count("select count(*) from thing_view where id = " + id)).isZero();
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(engines.jdbcUrl(), engines.username(),
                engines.password()); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
