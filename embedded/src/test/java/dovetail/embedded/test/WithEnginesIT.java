package dovetail.embedded.test;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.embedded.EngineChecks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@WithEngines
class WithEnginesIT {

    private final TestEndpoints endpoints;

    WithEnginesIT(TestEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Test
    void givesTheClassANamespaceAndADatabaseOfItsOwn() throws Exception {
        assertThat(endpoints.namespace()).matches("t_withenginesit_[0-9a-f]{4}");
        assertThat(endpoints.jdbcUrl()).contains("/" + endpoints.namespace());

        EngineChecks.writeAndReadRow(endpoints.jdbcUrl(), endpoints.username(), endpoints.password());
    }

    @Test
    void carriesKafkaRecordsOnNamespacedTopics() throws Exception {
        EngineChecks.produceAndConsume(endpoints.kafkaBootstrapServers(), endpoints.topicPrefix() + "things");
    }

    @Test
    void indexesDocumentsInNamespacedIndexes() throws Exception {
        EngineChecks.indexAndSearch(endpoints.meilisearchUrl(), endpoints.meilisearchApiKey(),
                endpoints.indexPrefix() + "things");
    }

    @Test
    void resolvesTheSameEndpointsForEveryParameterOfTheClass(TestEndpoints parameter) {
        assertThat(parameter).isSameAs(endpoints);
    }

    @Nested
    class WhenNested {

        @Test
        void sharesTheEnclosingClassNamespace(TestEndpoints nested) {
            assertThat(nested).isEqualTo(endpoints);
        }
    }
}
