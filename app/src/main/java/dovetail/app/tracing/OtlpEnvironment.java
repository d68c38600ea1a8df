package dovetail.app.tracing;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads OpenTelemetry's standard variables where Spring Boot's own property is not set, so a deployment configured
 * for any OpenTelemetry SDK exports Dovetail's traces too: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (the full URL),
 * else {@code OTEL_EXPORTER_OTLP_ENDPOINT} (a base URL, to which {@code /v1/traces} is added), set
 * {@code management.otlp.tracing.endpoint}. Without either, and without that property, no span leaves the process.
 */
public class OtlpEnvironment implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.otlp.tracing.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(ENDPOINT)) {
            return;
        }
        String endpoint = endpoint(environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
                environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (endpoint != null) {
            environment.getPropertySources().addLast(new MapPropertySource("otel-variables", Map.of(ENDPOINT, endpoint)));
        }
    }

    static String endpoint(String traces, String base) {
        if (traces != null && !traces.isBlank()) {
            return traces.strip();
        }
        if (base != null && !base.isBlank()) {
            String stripped = base.strip();
            return (stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped) + "/v1/traces";
        }
        return null;
    }
}
