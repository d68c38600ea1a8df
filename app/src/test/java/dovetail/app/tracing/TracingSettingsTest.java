package dovetail.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.yaml.snakeyaml.Yaml;

/** Where traces go and where operators look at them: the settings, their checks, and the compose file's use. */
class TracingSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TracingProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void theTraceViewerIsAnHttpUrlWithTheTraceIdInIt() {
        context.withPropertyValues("dovetail.tracing.viewer-url=http://localhost:16686/trace/{traceId}")
               .run(started -> assertThat(started.getBean(TracingProperties.class).viewerUrl())
                       .isEqualTo("http://localhost:16686/trace/{traceId}"));
        context.run(started -> assertThat(started.getBean(TracingProperties.class).viewerUrl()).isNull());
        for (String wrong : new String[] {"http://localhost:16686/trace/", "javascript:alert({traceId})",
                "localhost:16686/{traceId}"}) {
            context.withPropertyValues("dovetail.tracing.viewer-url=" + wrong).run(started -> {
                assertThat(started).hasFailed();
                assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("must be an http(s) URL with {traceId} where the trace id goes");
            });
        }
    }

    @Test
    void detailedSpansIsTrueOrFalseAndAnythingElseStopsTheStartNamingIt() {
        context.run(started -> assertThat(started.getBean(TracingProperties.class).detailedSpans()).isFalse());
        context.withPropertyValues("dovetail.tracing.detailed-spans=true")
               .run(started -> assertThat(started.getBean(TracingProperties.class).detailedSpans()).isTrue());
        context.withPropertyValues("dovetail.tracing.detailed-spans=maybe").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'dovetail.tracing.detailed-spans'")
                    .rootCause().hasMessage("Invalid boolean value 'maybe'");
        });
    }

    @Test
    void openTelemetrysOwnVariablesSetTheEndpointWhereSpringsPropertyIsNotSet() {
        assertThat(OtlpEnvironment.endpoint("http://collector:4318/v1/traces", "http://other:4318"))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(OtlpEnvironment.endpoint(null, "http://collector:4318/")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(OtlpEnvironment.endpoint(" ", "http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(OtlpEnvironment.endpoint(null, null)).isNull();
        assertThat(OtlpEnvironment.endpoint("", " ")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeSendsEveryReplicasTracesToJaeger() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("..", "docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKey("jaeger");
        Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get("dovetail"))
                .get("environment");
        assertThat(environment).containsEntry("MANAGEMENT_OTLP_TRACING_ENDPOINT", "http://jaeger:4318/v1/traces")
                               .containsEntry("DOVETAIL_TRACING_VIEWER_URL", "http://localhost:16686/trace/{traceId}");
    }
}
