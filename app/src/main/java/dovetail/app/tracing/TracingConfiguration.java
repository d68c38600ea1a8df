package dovetail.app.tracing;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.queryhandling.DefaultQueryUpdateEmitterSpanFactory;
import org.axonframework.queryhandling.QueryUpdateEmitterSpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
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
 *
 * <p>With {@code management.tracing.enabled=false}, Axon makes no spans at all (rather than making them on a no-op
 * OpenTelemetry, as its own auto-configuration would).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    /** Axon's instrumentation name; spans it makes say they come from Axon. */
    static final String AXON_TRACER = "AxonFramework-OpenTelemetry";

    @Bean
    @ConditionalOnProperty(prefix = "management.tracing", name = "enabled", matchIfMissing = true)
    SpanFactory axonSpanFactory(OpenTelemetry openTelemetry) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer(AXON_TRACER))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build();
    }

    @Bean
    @ConditionalOnProperty(prefix = "management.tracing", name = "enabled", havingValue = "false")
    SpanFactory axonSpansOff() {
        return NoOpSpanFactory.INSTANCE;
    }

    /**
     * No spans for the subscription queries' updates: two per command (scheduling and sending the read model's
     * change to subscribers), a fifth of a command's spans, which say nothing the read model's own span does not.
     */
    @Bean
    QueryUpdateEmitterSpanFactory queryUpdateEmitterSpanFactory() {
        return DefaultQueryUpdateEmitterSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
    }
}
