package dovetail.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the started engines listen. A field is {@code null} when its engine was not started;
 * {@code meilisearchApiKey} is also {@code null} when Meilisearch runs without a master key.
 * {@code meilisearchInstances} holds the URLs of further, named Meilisearch instances (sharded or replicated
 * search), which share the first one's key.
 */
public record EngineEndpoints(String jdbcUrl, String username, String password, String kafkaBootstrapServers,
                              String meilisearchUrl, String meilisearchApiKey,
                              Map<String, String> meilisearchInstances) {

    public EngineEndpoints {
        meilisearchInstances = meilisearchInstances == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meilisearchInstances));
    }

    public EngineEndpoints(String jdbcUrl, String username, String password, String kafkaBootstrapServers,
                           String meilisearchUrl, String meilisearchApiKey) {
        this(jdbcUrl, username, password, kafkaBootstrapServers, meilisearchUrl, meilisearchApiKey, Map.of());
    }

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
        meilisearchInstances.forEach((name, url) -> {
            properties.put("dovetail.meilisearch.instances." + name + ".url", url);
            if (meilisearchApiKey != null) {
                properties.put("dovetail.meilisearch.instances." + name + ".api-key", meilisearchApiKey);
            }
        });
        return properties;
    }
}
