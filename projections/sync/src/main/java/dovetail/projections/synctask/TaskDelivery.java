package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.EncodesAhead;
import dovetail.projections.sink.EncodesStored;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkChange;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one task processor turns events into sink deliveries: each event goes through the task's filter into a batch,
 * unless its Thing has events parked (then it is parked behind them); a batch is delivered whole, and the Things the
 * sink refuses for good are parked with the sink's reason while the rest is delivered again.
 */
final class TaskDelivery {

    private static final Logger log = LoggerFactory.getLogger(TaskDelivery.class);

    private final String taskId;
    private final SyncTaskDefinition definition;
    private final Sink sink;
    private final TaskMonitor monitor;
    private final TaskPipeline pipeline;
    private final TaskDeadLetters deadLetters;
    /**
     * The Things this delivery parked, which a batch read ahead before their parking does not know; kept while the
     * delivery lives (a Thing taken out of the queue since only makes its later events ask the queue once more).
     */
    private final Set<String> parkedHere = ConcurrentHashMap.newKeySet();
    /** An event's payload as stored, for sinks that encode it so; null where the task reads every event. */
    private final Function<EventMessage<?>, byte[]> storedPayloads;

    /**
     * @param storedPayloads an event's payload as stored (see {@link StoreHistory#payloadAsStored}), or null to
     *                       read every event into its object
     */
    TaskDelivery(String taskId, SyncTaskDefinition definition, Sink sink, TaskMonitor monitor,
                 TaskDeadLetters deadLetters, Function<EventMessage<?>, byte[]> storedPayloads) {
        this.taskId = taskId;
        this.definition = definition;
        this.sink = sink;
        this.monitor = monitor;
        this.pipeline = new TaskPipeline(definition);
        this.deadLetters = deadLetters;
        this.storedPayloads = storedPayloads != null && sink instanceof EncodesStored<?> && pipeline.decidesByType()
                ? storedPayloads : null;
    }

    Sink sink() {
        return sink;
    }

    /** A batch, knowing which Things have parked events now (one read per batch, not per event). */
    DeliveryBatch newBatch() {
        return new DeliveryBatch(deadLetters.parkedThings());
    }

    /**
     * Adds the event to the batch. Reads nothing and writes nothing, so it may run ahead of the batch's
     * transaction: whether an event of a Thing with parked events must wait is settled in {@link #deliver}.
     */
    void offer(DeliveryBatch batch, EventMessage<?> event) {
        if (!batch.holdIfParked(event)) {
            take(batch, event);
        }
    }

    /** The event through the task's filter into the batch, with the sink's work ahead for it. */
    private void take(DeliveryBatch batch, EventMessage<?> event) {
        if (storedPayloads != null && takeStored(batch, event)) {
            return;
        }
        String traceparent = monitor.spans().traceparentOf(event);
        pipeline.apply(event.getPayload()).map(change -> change.tracedBy(traceparent)).ifPresent(change ->
                batch.add(event, change, change.thingId(), encode(change)));
    }

    /**
     * The event into the batch as the sink encodes it from its stored payload, without reading it into an object;
     * false (nothing done) when the sink cannot read this payload so. An event of a type the task does not take is
     * skipped here, as its filter skips it.
     */
    private boolean takeStored(DeliveryBatch batch, EventMessage<?> event) {
        EncodesStored.Encoded<?> stored;
        try {
            Class<?> type = event.getPayloadType();
            if (!pipeline.takes(type)) {
                return true;
            }
            stored = ((EncodesStored<?>) sink).encodeStored(type, storedPayloads.apply(event),
                    monitor.spans().traceparentOf(event));
        } catch (RuntimeException e) {
            log.debug("Sync task {}: reading an event's stored payload failed ({}); reading the event", taskId,
                    e.toString());
            return false;
        }
        if (stored == null) {
            return false;
        }
        batch.add(event, null, stored.thingId(), stored.encoding());
        return true;
    }

    /**
     * The sink's work ahead for a change, done here on the converting thread; null when the sink does none. A change
     * it cannot encode now is encoded again at delivery, where a failure counts as the delivery's (retried, or parked
     * if refused for good).
     */
    private Object encode(SinkChange change) {
        if (!(sink instanceof EncodesAhead<?> ahead)) {
            return null;
        }
        try {
            return ahead.encode(change);
        } catch (RuntimeException e) {
            log.debug("Sync task {}: {} will encode a change at delivery ({})", taskId, sink.describe(), e.toString());
            return null;
        }
    }

    /** The batch's changes to the sink: encoded ahead where the sink does that, the rest encoded now. */
    private void send(DeliveryBatch batch, Duration timeout) {
        if (sink instanceof EncodesAhead<?> ahead) {
            sendEncoded(ahead, batch, timeout);
        } else {
            sink.deliver(batch.changes(), timeout);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> void sendEncoded(EncodesAhead<E> sink, DeliveryBatch batch, Duration timeout) {
        List<E> encodings = new ArrayList<>(batch.changes().size());
        for (int i = 0; i < batch.changes().size(); i++) {
            Object encoding = batch.encoded().get(i);
            encodings.add(encoding != null ? (E) encoding : sink.encode(batch.changes().get(i)));
        }
        sink.deliverEncoded(encodings, timeout);
    }

    /** In the batch's transaction: parks the events of parked Things behind them, or takes them in if released. */
    private void settleWaiting(DeliveryBatch batch) {
        for (EventMessage<?> event : batch.waiting()) {
            if (deadLetters.waitBehind(event)) {
                monitor.parked(1);
            } else {
                take(batch, event);
            }
        }
        batch.waiting().clear();
    }

    /**
     * Delivers the batch whole, in a span of its own (see {@link DeliverySpans}) that records a failure with its
     * error; the latency measured for it is recorded within the span, so a metric's exemplar names its trace.
     */
    void deliver(DeliveryBatch batch) {
        batch.holdParkedSince(parkedHere);
        settleWaiting(batch);
        if (batch.changes().isEmpty()) {
            monitor.delivered(batch.eventsByType(), 0, List.of());
            return;
        }
        Span span = monitor.spans().start(taskId, sink.describe(), batch.sources(), batch.changes().size());
        try (Tracer.SpanInScope ignored = monitor.spans().inScope(span)) {
            deliverTraced(batch, span);
        } catch (RuntimeException failure) {
            span.error(failure);
            throw failure;
        } finally {
            span.end();
        }
    }

    private void deliverTraced(DeliveryBatch batch, Span span) {
        Duration timeout = Duration.ofMillis(definition.options().batchTimeoutMillis());
        // refused changes leave the batch for the dead-letter queue, the rest is delivered again; each round
        // removes at least one Thing, so this ends
        while (!batch.changes().isEmpty()) {
            try {
                send(batch, timeout);
                break;
            } catch (ChangesRejected rejected) {
                int before = batch.changes().size();
                parkedHere.addAll(batch.park(rejected, deadLetters));
                int parked = before - batch.changes().size();
                if (parked == 0) {
                    throw new IllegalStateException(sink.describe() + " refused changes that are not in the batch: "
                            + rejected.getMessage(), rejected);
                }
                monitor.parked(parked);
                span.event("parked " + parked + " event(s) of " + rejected.reasons().size() + " refused Thing(s)");
                log.warn("Sync task {}: {} refused {} Thing(s) for good; their {} event(s) wait in the dead-letter "
                         + "queue: {}", taskId, sink.describe(), rejected.reasons().size(), parked,
                        rejected.getMessage());
            } catch (RuntimeException failure) {
                monitor.failed(failure, monitor.spans().enabled() ? span.context().traceId() : null);
                log.warn("Sync task {} could not deliver {} change(s) to {}: {}; retrying with back-off", taskId,
                        batch.changes().size(), sink.describe(), monitor.lastError());
                throw failure;
            }
        }
        monitor.delivered(batch.eventsByType(), batch.changes().size(), batch.sampledAppendTimes());
    }

    /**
     * Delivers the parked events of up to {@code limit} Things again, each Thing's in order, through the task's
     * current filter and sink. Answers {things, delivered, still parked}.
     */
    int[] reprocess(int limit) {
        int[] counts = new int[3];
        Duration timeout = Duration.ofMillis(definition.options().batchTimeoutMillis());
        Set<Object> tried = new HashSet<>();
        for (int round = 0; round < limit && deadLetters.size() > 0; round++) {
            int[] delivered = {0};
            boolean[] claimed = {false};
            boolean cleared = deadLetters.processOne(tried, letter -> {
                claimed[0] = true;
                tried.add(TaskDeadLetters.sequenceOf(letter.message()));
                try {
                    pipeline.apply(letter.message().getPayload())
                            .ifPresent(change -> sink.deliver(List.of(change), timeout));
                    delivered[0]++;
                    return Decisions.evict();
                } catch (ChangesRejected rejected) {
                    return Decisions.requeue(new DocumentRejected(String.join("; ", rejected.reasons().values())));
                } catch (RuntimeException failure) {
                    return Decisions.requeue(failure);
                }
            });
            if (!claimed[0]) {
                break;
            }
            counts[0]++;
            counts[1] += delivered[0];
            counts[2] += cleared ? 0 : 1;
        }
        log.info("Sync task {}: reprocessed the dead letters of {} Thing(s), {} event(s) delivered, {} Thing(s) still "
                 + "parked", taskId, counts[0], counts[1], counts[2]);
        return counts;
    }

    /** The cause stored with a dead letter: what the sink said about the Thing's change. */
    static final class DocumentRejected extends RuntimeException {
        DocumentRejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
