package dovetail.embedded.test;

/**
 * The engines as one test class sees them: its own database, and a namespace to prefix its Meilisearch indexes and
 * Kafka topics with. {@code meilisearchApiKey} is {@code null} when the server needs none.
 */
public record TestEndpoints(String namespace, String jdbcUrl, String username, String password,
                            String kafkaBootstrapServers, String meilisearchUrl, String meilisearchApiKey) {

    /** {@code <namespace>-}, the value of {@code dovetail.meilisearch.index-prefix}. */
    public String indexPrefix() {
        return namespace + "-";
    }

    /** {@code <namespace>.}, the value of {@code dovetail.kafka.topic-prefix}. */
    public String topicPrefix() {
        return namespace + ".";
    }
}
