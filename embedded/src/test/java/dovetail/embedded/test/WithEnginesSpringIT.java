package dovetail.embedded.test;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.embedded.EngineChecks;
import dovetail.embedded.spring.DevelopmentEnginesListener;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.ConfigurableEnvironment;

@WithEngines
@SpringBootTest(classes = WithEnginesSpringIT.NoBeans.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class WithEnginesSpringIT {

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void pointsTheApplicationAtTheClassDatabaseAndNamespace(TestEndpoints endpoints) {
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(endpoints.jdbcUrl());
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo(endpoints.username());
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo(endpoints.password());
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(endpoints.kafkaBootstrapServers());
        assertThat(environment.getProperty("dovetail.meilisearch.url")).isEqualTo(endpoints.meilisearchUrl());
        assertThat(environment.getProperty("dovetail.meilisearch.api-key")).isEqualTo(endpoints.meilisearchApiKey());
        assertThat(environment.getProperty("dovetail.meilisearch.index-prefix"))
                .isEqualTo(endpoints.namespace() + "-");
        assertThat(environment.getProperty("dovetail.kafka.topic-prefix")).isEqualTo(endpoints.namespace() + ".");
        assertThat(environment.getProperty("dovetail.test.namespace")).isEqualTo(endpoints.namespace());
    }

    @Test
    void keepsDevelopmentModeOff() {
        assertThat(environment.getProperty("dovetail.embedded.enabled")).isEqualTo("false");
        assertThat(environment.getPropertySources().contains(DevelopmentEnginesListener.PROPERTY_SOURCE_NAME)).isFalse();
    }

    @Test
    void doesNotShareItsDatabaseWithAnotherTestClass(TestEndpoints mine) throws Exception {
        TestEndpoints other = TestEngines.endpointsFor(WithEnginesIT.class);
        EngineChecks.createTable(mine.jdbcUrl(), mine.username(), mine.password(), "spring_only");

        assertThat(other.namespace()).isNotEqualTo(mine.namespace());
        assertThat(other.jdbcUrl()).isNotEqualTo(mine.jdbcUrl());
        assertThat(EngineChecks.tableExists(other.jdbcUrl(), other.username(), other.password(), "spring_only"))
                .as("table created by %s seen in %s", mine.namespace(), other.namespace())
                .isFalse();
    }

    @SpringBootConfiguration
    static class NoBeans {
    }
}
