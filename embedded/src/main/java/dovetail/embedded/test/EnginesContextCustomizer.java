package dovetail.embedded.test;

import dovetail.embedded.EngineEndpoints;

import dovetail.embedded.spring.DevelopmentKeys;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds the class's endpoints as the highest-precedence property source. Equal only for the same test class, so each
 * class gets its own cached context and database.
 */
final class EnginesContextCustomizer implements ContextCustomizer {

    static final String PROPERTY_SOURCE_NAME = "dovetailTestEngines";

    private final Class<?> testClass;

    EnginesContextCustomizer(Class<?> testClass) {
        this.testClass = testClass;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        TestEndpoints endpoints = TestEngines.endpointsFor(testClass);
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties(endpoints)));
        // as in development mode: a test that configures its own key-encryption key replaces it
        context.getEnvironment().getPropertySources()
                .addLast(new MapPropertySource(PROPERTY_SOURCE_NAME + "Defaults", DevelopmentKeys.defaults()));
    }

    static Map<String, Object> properties(TestEndpoints endpoints) {
        Map<String, Object> properties = new LinkedHashMap<>(new EngineEndpoints(endpoints.jdbcUrl(),
                endpoints.username(), endpoints.password(), endpoints.kafkaBootstrapServers(),
                endpoints.meilisearchUrl(), endpoints.meilisearchApiKey()).springProperties());
        properties.put("dovetail.meilisearch.index-prefix", endpoints.indexPrefix());
        properties.put("dovetail.kafka.topic-prefix", endpoints.topicPrefix());
        properties.put("dovetail.test.namespace", endpoints.namespace());
        return properties;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EnginesContextCustomizer customizer && customizer.testClass == testClass;
    }

    @Override
    public int hashCode() {
        return testClass.hashCode();
    }

    @Override
    public String toString() {
        return "EnginesContextCustomizer[" + testClass.getName() + "]";
    }
}
