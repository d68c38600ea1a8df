package dovetail.app.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain HTTP requests to a Dovetail on 127.0.0.1, with any bearer token (or none), as curl would send them. */
public final class RawHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public RawHttp(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** POSTs {@code body} as JSON to {@code path} with this bearer token, or none when it is null. */
    public HttpResponse<String> post(String path, String body, String token) {
        return send("POST", path, body, token);
    }

    public HttpResponse<String> send(String method, String path, String body, String token) {
        return send(method, path, body, token, Map.of());
    }

    /**
     * As {@link #send(String, String, String, String)}, with these headers instead of the JSON content type; a
     * header whose value is empty is left out.
     */
    public HttpResponse<String> send(String method, String path, String body, String token,
                                     Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
        all.putAll(headers);
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        all.forEach((name, value) -> {
            if (!value.isEmpty()) {
                builder.header(name, value);
            }
        });
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
