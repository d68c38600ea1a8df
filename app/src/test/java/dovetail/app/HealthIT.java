package dovetail.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health shows each engine and each sync task to a token holder, and only the overall state to anyone. */
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
}
