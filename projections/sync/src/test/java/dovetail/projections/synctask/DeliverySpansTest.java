package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.store.TraceParent;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A delivery's span, made with the OpenTelemetry SDK: the child of its first event's request while that is recent,
 * linked to the others' spans, and the trace contexts read from the events' metadata as the store holds it.
 */
class DeliverySpansTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE + "-b7ad6b7169203331-01";
    private static final JacksonSerializer STORE = JacksonSerializer.defaultSerializer();
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { });

    @AfterEach
    void close() {
        provider.close();
    }

    private static EventMessage<?> event(Map<String, ?> metadata, Instant at) {
        return new GenericEventMessage<>(new GenericEventMessage<>("payload", MetaData.from(metadata)), () -> at);
    }

    private static String traceparent(int n) {
        return String.format("00-%032x-%016x-01", n + 1, n + 1);
    }

    private DeliverySpans spans(JacksonSerializer serializer) {
        return new DeliverySpans(tracer, serializer, Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private SpanData deliver(List<EventMessage<?>> events) {
        spans(STORE).start("things-search", "meilisearch index things", events, events.size()).end();
        return exported.getFinishedSpanItems().get(exported.getFinishedSpanItems().size() - 1);
    }

    @Test
    void aLiveBatchIsDeliveredInItsFirstRequestsTraceAndLinkedToTheOthers() {
        SpanData span = deliver(List.of(event(Map.of("traceparent", TRACEPARENT), NOW.minusSeconds(1)),
                event(Map.of("traceparent", traceparent(1)), NOW), event(Map.of("traceId", "untraced"), NOW),
                event(Map.of("traceparent", traceparent(1)), NOW)));

        assertThat(span.getName()).isEqualTo("sync deliver");
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(span.getLinks()).extracting(link -> link.getSpanContext().getSpanId())
                                   .containsExactly(String.format("%016x", 2));
        assertThat(span.getAttributes().asMap().toString()).contains("dovetail.task=things-search",
                "dovetail.batch.events=4");
    }

    @Test
    void aBatchReadLongAfterStartsATraceOfItsOwnLinkedToEveryRequest() {
        SpanData span = deliver(List.of(event(Map.of("traceparent", TRACEPARENT), NOW.minus(Duration.ofHours(1))),
                event(Map.of("traceparent", traceparent(1)), NOW)));

        assertThat(span.getTraceId()).isNotEqualTo(TRACE);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getLinks()).extracting(link -> link.getSpanContext().getTraceId())
                                   .containsExactly(TRACE, String.format("%032x", 2));
    }

    @Test
    void linksStopAtWhatTheSdkKeeps() {
        List<EventMessage<?>> events = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(event(Map.of("traceparent", traceparent(i)), NOW.minus(Duration.ofHours(1))));
        }
        List<LinkData> links = deliver(events).getLinks();
        assertThat(links).hasSize(DeliverySpans.MAX_LINKS);
    }

    @Test
    void aFailedDeliveryIsRecordedOnItsSpan() {
        Span span = spans(STORE).start("things-search", "meilisearch", List.of(), 0);
        span.error(new IllegalStateException("Meilisearch unreachable"));
        span.end();
        SpanData data = exported.getFinishedSpanItems().get(0);
        assertThat(data.getStatus().getStatusCode().name()).isEqualTo("ERROR");
        assertThat(data.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    }

    @Test
    void theTraceContextIsFoundInTheStoredMetadataAsInTheMap() {
        EventMessage<?> traced = event(Map.of("traceId", "order-7", "traceparent", TRACEPARENT, "correlationId", "x"),
                NOW);
        assertThat(spans(STORE).traceparentOf(traced)).isEqualTo(TRACEPARENT);
        assertThat(spans(null).traceparentOf(traced)).isEqualTo(TRACEPARENT);
    }

    @Test
    void anEventWithoutOneOrWithAMalformedOneHasNone() {
        for (Map<String, String> metadata : List.of(Map.of("traceId", "order-7"),
                Map.of("traceparent", "00-0af7651916cd43dd"), Map.of("traceparent", TRACEPARENT + "0"),
                Map.of("traceparent", TRACEPARENT.toUpperCase()),
                Map.of("traceId", "\"traceparent\":\"" + TRACEPARENT))) {
            assertThat(spans(STORE).traceparentOf(event(metadata, NOW))).as(metadata.toString()).isNull();
            assertThat(spans(null).traceparentOf(event(metadata, NOW))).as(metadata.toString()).isNull();
        }
        assertThat(TraceParent.inStoredMetadata("{}".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void withTracingOffNothingIsReadAndNothingMade() {
        DeliverySpans off = new DeliverySpans(Tracer.NOOP, STORE, Duration.ofMinutes(2), Clock.systemUTC());
        assertThat(off.enabled()).isFalse();
        assertThat(off.traceparentOf(event(Map.of("traceparent", TRACEPARENT), NOW))).isNull();
        off.start("t", "s", List.of(event(Map.of("traceparent", TRACEPARENT), NOW)), 1).end();
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }
}
