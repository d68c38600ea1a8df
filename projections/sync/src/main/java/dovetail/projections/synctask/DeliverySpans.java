package dovetail.projections.synctask;

import dovetail.domain.store.TraceParent;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;

/**
 * The span of one delivery of a task: a batch handed to its sink. A batch mixes events of many requests, so the span
 * is linked to the span each of its events was appended in (their W3C {@code traceparent}, which the event carries
 * in its metadata). When the batch's first event was appended recently, the span is also that request's child, so a
 * live change's trace shows its deliveries under the request; a batch read long after (catching up, a full sync)
 * starts a trace of its own, joined to the requests by its links only.
 *
 * <p>With tracing off ({@link Tracer#NOOP}) nothing is read from the events and nothing is made.
 */
final class DeliverySpans {

    /** OpenTelemetry keeps at most 128 links per span by default; more would be dropped anyway. */
    static final int MAX_LINKS = 128;


    private final Tracer tracer;
    private final Serializer storeSerializer;
    private final Duration sameTraceLimit;
    private final Clock clock;

    /**
     * @param storeSerializer the event store's serializer: an event read from the store hands its metadata over as
     *                        stored, and the trace context is found in those bytes without reading them into a map
     *                        (which costs as much per event as a Kafka sink's whole encoding); null to read the map
     */
    DeliverySpans(Tracer tracer, Serializer storeSerializer, Duration sameTraceLimit, Clock clock) {
        this.tracer = tracer;
        this.storeSerializer = storeSerializer;
        this.sameTraceLimit = sameTraceLimit;
        this.clock = clock;
    }

    boolean enabled() {
        return tracer != Tracer.NOOP;
    }

    /** The event's trace context as its metadata holds it, or null (tracing off, or an event from before it). */
    String traceparentOf(EventMessage<?> event) {
        if (!enabled()) {
            return null;
        }
        if (storeSerializer != null) {
            return TraceParent.inStoredMetadata(event.serializeMetaData(storeSerializer, byte[].class).getData());
        }
        Object traceparent = event.getMetaData().get(TraceParent.KEY);
        return TraceParent.valid(traceparent) ? (String) traceparent : null;
    }

    /** Starts the span of delivering {@code events} (in batch order) for the task to its sink; the caller ends it. */
    Span start(String task, String sink, List<EventMessage<?>> events, int changes) {
        if (!enabled()) {
            return tracer.nextSpan();
        }
        Span.Builder span = tracer.spanBuilder().name("sync deliver").kind(Span.Kind.PRODUCER)
                .tag("dovetail.task", task).tag("dovetail.sink", sink)
                .tag("dovetail.batch.events", Integer.toString(events.size()))
                .tag("dovetail.batch.changes", Integer.toString(changes));
        TraceContext parent = null;
        Set<String> linked = new HashSet<>();
        for (EventMessage<?> event : events) {
            if (linked.size() >= MAX_LINKS) {
                break;
            }
            TraceContext context = contextOf(traceparentOf(event));
            if (context == null) {
                continue;
            }
            if (parent == null && linked.isEmpty() && recent(event)) {
                parent = context;
                linked.add(context.spanId());
            } else if (linked.add(context.spanId())) {
                span.addLink(new Link(context));
            }
        }
        if (parent != null) {
            span.setParent(parent);
        } else {
            span.setNoParent();
        }
        return span.start();
    }

    /** Makes the span current on this thread, so logs and metrics recorded in it name its trace. */
    Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    private boolean recent(EventMessage<?> event) {
        return Duration.between(event.getTimestamp(), clock.instant()).compareTo(sameTraceLimit) <= 0;
    }

    /** {@code 00-<trace id>-<span id>-<flags>} as a context to link to or continue. */
    private TraceContext contextOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2])
                .sampled((Integer.parseInt(parts[3], 16) & 1) == 1).build();
    }
}
