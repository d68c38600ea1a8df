package dovetail.embedded.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class StandaloneEnginesTest {

    @Test
    void printsEachSettingAsTheVariableSpringBootReadsItFromAndLeavesDevelopmentModeOut() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:15432/postgres");
        properties.put("spring.kafka.bootstrap-servers", "127.0.0.1:19092");
        properties.put("dovetail.meilisearch.instances.ms1.url", "http://127.0.0.1:17701");
        properties.put("dovetail.development-mode", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        StandaloneEngines.print(properties, DevelopmentEnginesSettings.from(new StandardEnvironment()),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "export SPRING_DATASOURCE_URL='jdbc:postgresql://127.0.0.1:15432/postgres'",
                "export SPRING_KAFKA_BOOTSTRAPSERVERS='127.0.0.1:19092'",
                "export DOVETAIL_MEILISEARCH_INSTANCES_MS1_URL='http://127.0.0.1:17701'")
                .doesNotContain("DEVELOPMENT");
    }

    @Test
    void theVariablesAreOnesSpringBootMapsBackToTheProperties() {
        for (String property : new String[] {"spring.kafka.bootstrap-servers", "dovetail.legacy.create-table",
                "dovetail.meilisearch.api-key"}) {
            SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of(StandaloneEngines.variable(property), "value"));

            assertThat(new Binder(ConfigurationPropertySources.from(environment)).bind(property, String.class).get())
                    .as(property).isEqualTo("value");
        }
    }
}
