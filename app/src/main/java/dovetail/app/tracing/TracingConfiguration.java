package dovetail.app.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.export.MemoryMode;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces through Micrometer Tracing's OpenTelemetry bridge (Spring Boot configures it: the SDK, sampling from
 * {@code management.tracing.sampling.probability}, OTLP export to {@code management.otlp.tracing.endpoint} when that is
 * set, trace and span ids in the log context). Spring's own observations (HTTP requests, GraphQL operations, the Kafka
 * intake) make spans through it; so does Axon, here: its span factory uses the same SDK, so a command's handling and
 * the append of its events are children of the request's span, and Axon writes the trace context
 * ({@code traceparent}) into the metadata of every event it publishes, where the sync tasks' delivery spans find it.
 * Which of Axon's spans a command makes is {@link EssentialAxonSpans}'s (all of them with
 * {@code dovetail.tracing.detailed-spans}).
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
     * The exporter encodes each batch of spans into buffers it keeps for the next rather than into new objects (it
     * exports one batch at a time), so a traced command leaves less garbage behind.
     */
    @Bean
    OtlpHttpSpanExporterBuilderCustomizer reusableSpanExportBuffers() {
        return exporter -> exporter.setMemoryMode(MemoryMode.REUSABLE_DATA);
    }
}
