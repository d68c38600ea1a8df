package dovetail.app.tracing;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces through Micrometer Tracing's OpenTelemetry bridge (Spring Boot configures it: the SDK, sampling from
 * {@code management.tracing.sampling.probability}, OTLP export to {@code management.otlp.tracing.endpoint} when that is
 * set, trace and span ids in the log context). Spring's own observations (HTTP requests, GraphQL operations, the Kafka
 * intake) make spans through it; so does Axon, here: its span factory uses the same SDK, so a command's handling, the
 * aggregate's load and the events' append are children of the request's span, and Axon writes the trace context
 * ({@code traceparent}) into the metadata of every event it publishes, where the sync tasks' delivery spans find it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "management.tracing", name = "enabled", matchIfMissing = true)
class TracingConfiguration {

    /** Axon's instrumentation name; spans it makes say they come from Axon. */
    static final String AXON_TRACER = "AxonFramework-OpenTelemetry";

    @Bean
    SpanFactory axonSpanFactory(OpenTelemetry openTelemetry) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer(AXON_TRACER))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build();
    }
}
