package dovetail.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the started engines listen. A field is {@code null} when its engine was not started;
 * {@code meilisearchApiKey} is also {@code null} when Meilisearch runs without a master key.
 */
public record EngineEndpoints(String jdbcUrl, String username, String password, String kafkaBootstrapServers,
                              String meilisearchUrl, String meilisearchApiKey) {

    /** The Spring properties that point Dovetail at these engines. */
    public Map<String, Object> springProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        properties.put("dovetail.meilisearch.url", meilisearchUrl);
        if (meilisearchApiKey != null) {
            properties.put("dovetail.meilisearch.api-key", meilisearchApiKey);
        }
        return properties;
    }
}
