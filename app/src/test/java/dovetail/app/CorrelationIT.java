package dovetail.app;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A request's correlation id comes back in its answer and rides on the events its command caused; without one of
 * the client's, it is the id of the request's trace.
 */
@DovetailTest
@AutoConfigureObservability
class CorrelationIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private HttpResponse<String> create(String name, String correlationId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"mutation { createThing(input: {name: \\\""
                        + name + "\\\", foo: 1}) { ... on Thing { id } } }\"}"));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String metadataOfEventFor(String body) {
        String id = body.replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
        byte[] metadata = jdbc.queryForObject(
                "select meta_data from domain_event_entry where aggregate_identifier = ?", byte[].class, id);
        return new String(metadata, StandardCharsets.UTF_8);
    }

    @Test
    void aGivenCorrelationIdIsAnsweredAndTracedIntoTheEvents() throws Exception {
        HttpResponse<String> response = create("traced", "order-2024-0001");

        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("order-2024-0001");
        assertThat(metadataOfEventFor(response.body())).contains("\"traceId\":\"order-2024-0001\"");
    }

    @Test
    void withoutOneTheRequestsTraceIdIsAnsweredAndTracedTheSameWay() throws Exception {
        HttpResponse<String> response = create("untraced", null);

        String traceId = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(metadataOfEventFor(response.body())).contains("\"traceId\":\"" + traceId + "\"")
                .contains("\"traceparent\":\"00-" + traceId + "-");
    }

    @Test
    void aClientsTraceparentIsContinued() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.OPERATOR)
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"{ things(first: 1) { pageInfo { hasNextPage } } }\"}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void anUnusableCorrelationIdIsReplaced() throws Exception {
        HttpResponse<String> response = create("odd", "not valid!");
        assertThat(response.headers().firstValue("X-Correlation-Id")).get().asString().matches("[0-9a-f]{32}");
    }
}
