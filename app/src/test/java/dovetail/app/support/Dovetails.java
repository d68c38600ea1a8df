package dovetail.app.support;

import dovetail.app.DovetailApplication;
import dovetail.embedded.test.TestEndpoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts whole Dovetail instances by hand, for tests about restarts, outages and several instances at once. */
public final class Dovetails {

    private Dovetails() {
    }

    /** A Dovetail on the class's engines, with extra properties ({@code name=value}) taking precedence. */
    public static ConfigurableApplicationContext start(TestEndpoints engines, String... overrides) {
        List<String> properties = new ArrayList<>(List.of(
                "dovetail.embedded.enabled=false",
                "server.port=0",
                "spring.datasource.url=" + engines.jdbcUrl(),
                "spring.datasource.username=" + engines.username(),
                "spring.datasource.password=" + engines.password(),
                "spring.kafka.bootstrap-servers=" + engines.kafkaBootstrapServers(),
                "dovetail.meilisearch.url=" + engines.meilisearchUrl(),
                "dovetail.meilisearch.index-prefix=" + engines.indexPrefix(),
                "dovetail.kafka.topic-prefix=" + engines.topicPrefix(),
                "dovetail.sync-tasks.reconcile-interval=500ms",
                "dovetail.instance.heartbeat-expiry=3s",
                "dovetail.security.tokens[0].name=test-admin",
                "dovetail.security.tokens[0].role=ADMIN",
                "dovetail.security.tokens[0].value=" + TestTokens.ADMIN));
        properties.addAll(List.of(overrides));
        Map<String, String> byName = new LinkedHashMap<>();
        properties.forEach(property -> byName.put(property.substring(0, property.indexOf('=')), property));
        // as command-line arguments: they outrank application.yml (builder properties would only be defaults)
        return new SpringApplicationBuilder(DovetailApplication.class)
                .run(byName.values().stream().map(property -> "--" + property).toArray(String[]::new));
    }
}
