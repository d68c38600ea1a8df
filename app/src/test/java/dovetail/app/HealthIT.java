package dovetail.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import dovetail.app.support.Dovetails;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresLauncher;
import dovetail.embedded.test.TestEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Health shows each engine and each sync task to a token holder, and only the overall state to anyone; DOWN is a
 * 503, answered within a probe's timeout even with an engine dead.
 */
@DovetailTest
class HealthIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void healthShowsTheEnginesAndEverySyncTask() {
        RawGraphQl http = new RawGraphQl(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode health = JSON.readTree(http.get("/actuator/health", TestTokens.READ).body());
            assertThat(health.at("/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/meilisearch/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/syncTasks/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/syncTasks/details/things-search/status").asText()).isEqualTo("ACTIVE");
        });
        JsonNode engines = read(http.get("/actuator/health/engines", TestTokens.READ).body());
        assertThat(engines.at("/components/meilisearch/details/url").asText()).startsWith("http://127.0.0.1:");
        JsonNode readiness = read(http.get("/actuator/health/readiness", null).body());
        assertThat(readiness.at("/status").asText()).isEqualTo("UP");
        assertThat(readiness.has("components")).isFalse();
    }

    @Test
    void theHealthQueryAnswersTheSameComponentsToAReader() {
        RawGraphQl http = new RawGraphQl(port);
        String query = "{\"query\": \"{ health { status components { name status details { key value } "
                       + "components { name status } } } }\"}";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode health = read(http.post(query, TestTokens.READ).body()).at("/data/health");
            assertThat(health.at("/status").asText()).isEqualTo("UP");
            assertThat(component(health, "db").at("/status").asText()).isEqualTo("UP");
            JsonNode meilisearch = component(health, "meilisearch");
            assertThat(meilisearch.at("/status").asText()).isEqualTo("UP");
            assertThat(meilisearch.at("/details/0/key").asText()).isEqualTo("url");
            assertThat(meilisearch.at("/details/0/value").asText()).startsWith("http://127.0.0.1:");
            JsonNode tasks = component(health, "syncTasks");
            assertThat(tasks.at("/status").asText()).isEqualTo("UP");
            assertThat(tasks.at("/details").findValuesAsText("key")).contains("things-search");
        });
    }

    /**
     * A Dovetail on a PostgreSQL and a Meilisearch of its own, stopped one after the other: DOWN answers 503 (so a
     * load balancer or Kubernetes acts on it), and every probe answers within the probe timeout whatever the engine
     * does; a write fails within a few seconds instead of waiting out the connection pool.
     */
    @Test
    void aDeadEngineAnswers503WithinTheProbeTimeout(TestEndpoints engines, @TempDir Path meilisearchData)
            throws Exception {
        MeilisearchLauncher meilisearch = MeilisearchLauncher.builder().dataDirectory(meilisearchData).start();
        PostgresLauncher postgres = PostgresLauncher.builder().start();
        SoftAssertions softly = new SoftAssertions();
        try (ConfigurableApplicationContext dovetail = Dovetails.start(engines,
                "spring.datasource.url=" + postgres.jdbcUrl(), "dovetail.meilisearch.url=" + meilisearch.url(),
                "dovetail.sync-tasks.create-built-in=false")) {
            Probes probes = new Probes(dovetail.getEnvironment().getRequiredProperty("local.server.port", int.class));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    probes.get("/actuator/health", TestTokens.ADMIN).json().at("/status").asText()).isEqualTo("UP"));

            meilisearch.close();
            // an answer is reused for up to one health timeout
            List<Probe> probed = new ArrayList<>();
            Probe health = await().atMost(Duration.ofSeconds(10)).until(
                    () -> probes.get("/actuator/health", TestTokens.ADMIN), probe -> probe.status() != 200);
            softly.assertThat(health.status()).as(health.toString()).isEqualTo(503);
            softly.assertThat(health.json().at("/components/meilisearch/status").asText()).isEqualTo("DOWN");
            softly.assertThat(probes.get("/actuator/health/engines", TestTokens.ADMIN).status()).isEqualTo(503);
            softly.assertThat(probes.get("/actuator/health/readiness", null).status()).as("search down, writes up")
                  .isEqualTo(200);

            postgres.close();
            for (String path : List.of("/actuator/health/readiness", "/actuator/health", "/actuator/health/engines")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    Probe probe = probes.get(path, TestTokens.ADMIN);
                    probed.add(probe);
                    return probe.status() == 503;
                });
            }
            Probe readiness = probes.get("/actuator/health/readiness", TestTokens.ADMIN);
            probed.add(readiness);
            softly.assertThat(readiness.json().at("/components/db/status").asText()).isEqualTo("DOWN");
            System.out.println("Probes with PostgreSQL down: " + probed.stream()
                    .map(probe -> probe.path() + " " + probe.status() + " in " + probe.millis() + " ms").toList());
            softly.assertThat(probed).allSatisfy(probe -> assertThat(probe.millis()).as(probe.toString())
                    .isLessThan(2_000));
            Probe write = probes.post("/functions/createThing", "{\"name\": \"lamp\", \"foo\": 1}", TestTokens.ADMIN);
            System.out.println("A write with PostgreSQL down: " + write.status() + " in " + write.millis() + " ms");
            softly.assertThat(write.status()).as(write.toString()).isEqualTo(500);
            softly.assertThat(write.json().at("/type").asText()).isEqualTo("InternalError");
            softly.assertThat(write.millis()).as(write.toString()).isLessThan(5_000);
        } finally {
            meilisearch.close();
            postgres.close();
        }
        softly.assertAll();
    }

    private static JsonNode component(JsonNode health, String name) {
        for (JsonNode component : health.at("/components")) {
            if (component.at("/name").asText().equals(name)) {
                return component;
            }
        }
        throw new AssertionError("no component " + name + " in " + health);
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** An answer, and how long it took. */
    record Probe(String path, int status, String body, long millis) {

        JsonNode json() {
            return read(body);
        }
    }

    /** Requests that wait longer than any probe would, to measure how long an answer takes. */
    record Probes(int port) {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        Probe get(String path, String token) throws Exception {
            return send(path, HttpRequest.newBuilder().GET(), token);
        }

        Probe post(String path, String body, String token) throws Exception {
            return send(path, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json"), token);
        }

        private Probe send(String path, HttpRequest.Builder request, String token) throws Exception {
            request.uri(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(90));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Probe(path, response.statusCode(), response.body(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }
}
