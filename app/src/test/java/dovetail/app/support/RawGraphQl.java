package dovetail.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sends GraphQL requests as bytes, for the cases a well-behaved client library cannot produce. */
public final class RawGraphQl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    public RawGraphQl(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
    }

    /** Posts as the test admin. */
    public HttpResponse<String> post(String body) {
        return post(body, TestTokens.ADMIN);
    }

    /**
     * Posts {@code document} (its quotes escaped for JSON, as in {@code thing(id: \\"7\\")}) as the test admin
     * and answers the {@code data} of the answer, failing the test when the answer has errors.
     */
    public JsonNode data(String document) {
        HttpResponse<String> response = post("{\"query\": \"" + document + "\"}");
        try {
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.has("errors")).as(response.body()).isFalse();
            return body.get("data");
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    /**
     * Posts {@code document} with its {@code variables} as the test admin and answers the whole answer, errors
     * included; throws when the server does not answer with JSON (down, or stopping).
     */
    public JsonNode answer(String document, Map<String, ?> variables) {
        HttpResponse<String> response;
        try {
            response = post(JSON.writeValueAsString(Map.of("query", document, "variables", variables)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Posts with this bearer token, or with none when it is null. */
    public HttpResponse<String> post(String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    /** A GET of any path of the same server, with this bearer token or none. */
    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
