package dovetail.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineEndpointsTest {

    @Test
    void furtherMeilisearchInstancesBecomeNamedInstancesWithTheSameKey() {
        Map<String, String> instances = new LinkedHashMap<>();
        instances.put("meili-1", "http://127.0.0.1:17701");
        instances.put("meili-2", "http://127.0.0.1:17702");
        Map<String, Object> properties = new EngineEndpoints("jdbc:postgresql://127.0.0.1/x", "u", "p",
                "127.0.0.1:9092", "http://127.0.0.1:17700", "key", instances).springProperties();

        assertThat(properties).containsEntry("dovetail.meilisearch.url", "http://127.0.0.1:17700")
                .containsEntry("dovetail.meilisearch.instances.meili-1.url", "http://127.0.0.1:17701")
                .containsEntry("dovetail.meilisearch.instances.meili-1.api-key", "key")
                .containsEntry("dovetail.meilisearch.instances.meili-2.url", "http://127.0.0.1:17702");
    }

    @Test
    void oneMeilisearchNamesNoFurtherInstances() {
        Map<String, Object> properties = new EngineEndpoints("jdbc:postgresql://127.0.0.1/x", "u", "p",
                "127.0.0.1:9092", "http://127.0.0.1:17700", null).springProperties();

        assertThat(properties.keySet()).noneMatch(key -> key.startsWith("dovetail.meilisearch.instances."))
                .doesNotContain("dovetail.meilisearch.api-key");
    }
}
