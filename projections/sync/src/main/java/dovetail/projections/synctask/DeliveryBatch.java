package dovetail.projections.synctask;

import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.SinkChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;

/**
 * The changes one delivery hands a task's sink, each with the event it comes from and what the sink encoded ahead
 * for it, and the events that wait behind a Thing's parked ones until the delivery's transaction settles them.
 */
final class DeliveryBatch {

    private static final int LATENCY_SAMPLE = 64;
    private final Set<String> parked;
    private final List<EventMessage<?>> waiting = new ArrayList<>();
    int events;
    /** The changes, null where the sink encoded one from its stored event (then its encoding stands for it). */
    private final List<SinkChange> changes = new ArrayList<>();
    /** What the sink encoded ahead for each change (same index; null where nothing). */
    private final List<Object> encoded = new ArrayList<>();
    /** The Thing of each change (same index). */
    private final List<String> things = new ArrayList<>();
    private final List<EventMessage<?>> sources = new ArrayList<>();
    private final Map<String, Long> eventsByType = new LinkedHashMap<>();

    /** @param parked the Things that had parked events when the batch began */
    DeliveryBatch(Set<String> parked) {
        this.parked = parked;
    }

    /**
     * Counts the event in; true when its Thing had parked events, so that it waits in the batch until its delivery
     * settles whether it must wait behind them.
     */
    boolean holdIfParked(EventMessage<?> event) {
        events++;
        if (parked.contains(TaskDeadLetters.sequenceOf(event))) {
            waiting.add(event);
            return true;
        }
        return false;
    }

    /**
     * Takes {@code later}'s events after this batch's, so both are delivered as one; false (nothing taken) when
     * either has events waiting behind parked ones: those are settled at delivery, after the batch's other
     * changes, which could put them behind a later event of the same Thing.
     */
    boolean absorb(DeliveryBatch later) {
        if (!waiting.isEmpty() || !later.waiting.isEmpty()) {
            return false;
        }
        events += later.events;
        changes.addAll(later.changes);
        encoded.addAll(later.encoded);
        things.addAll(later.things);
        sources.addAll(later.sources);
        later.eventsByType.forEach((type, count) -> eventsByType.merge(type, count, Long::sum));
        return true;
    }

    /** The events held by {@link #holdIfParked}; the delivery empties it once it settled them. */
    List<EventMessage<?>> waiting() {
        return waiting;
    }

    List<SinkChange> changes() {
        return changes;
    }

    /** The event of each change (same index). */
    List<EventMessage<?>> sources() {
        return sources;
    }

    List<String> things() {
        return things;
    }

    List<Object> encoded() {
        return encoded;
    }

    /** How many changes the sink encoded from their stored events (those stand as null changes). */
    int encodedFromStore() {
        int stored = 0;
        for (SinkChange change : changes) {
            if (change == null) {
                stored++;
            }
        }
        return stored;
    }

    /** How many of the batch's events of each type (by simple name) it delivers. */
    Map<String, Long> eventsByType() {
        return eventsByType;
    }

    /**
     * The change an event makes to the Thing {@code thingId}, with what the sink encoded ahead for it (null for
     * nothing); a change encoded from its stored event is null, and its encoding stands for it.
     */
    void add(EventMessage<?> event, SinkChange change, String thingId, Object encoding) {
        changes.add(change);
        encoded.add(encoding);
        things.add(thingId);
        sources.add(event);
        eventsByType.merge(event.getPayloadType().getSimpleName(), 1L, Long::sum);
    }

    /**
     * When up to {@value #LATENCY_SAMPLE} of the batch's events, evenly spread, were appended: what the task's
     * latency percentiles are made of. Reading an event's time means parsing it from the store's text, so a long
     * batch (catching up) is sampled rather than read whole; a live batch is usually smaller than the sample.
     */
    List<Instant> sampledAppendTimes() {
        int size = sources.size();
        if (size <= LATENCY_SAMPLE) {
            return sources.stream().map(EventMessage::getTimestamp).toList();
        }
        List<Instant> sample = new ArrayList<>(LATENCY_SAMPLE);
        for (int i = 0; i < LATENCY_SAMPLE; i++) {
            sample.add(sources.get((int) ((long) i * (size - 1) / (LATENCY_SAMPLE - 1))).getTimestamp());
        }
        return sample;
    }

    /**
     * Moves the changes of Things parked since the batch began (by an earlier delivery, while this batch was read
     * ahead of it) to wait, as {@link #holdIfParked} would have had it known: the delivery then parks them behind
     * their Thing's parked events, so that a later change of a Thing never reaches the sink before its parked one.
     */
    void holdParkedSince(Set<String> parkedSince) {
        if (parkedSince.isEmpty()) {
            return;
        }
        for (int i = 0; i < changes.size(); i++) {
            String sequence = TaskDeadLetters.sequenceOf(sources.get(i));
            if (parkedSince.contains(sequence) && !parked.contains(sequence)) {
                waiting.add(remove(i));
                i--;
            }
        }
    }

    /**
     * Moves the refused changes out of the batch into the dead-letter queue, in event order, with every later
     * change of the same Thing: the first of each Thing with the sink's reason, the later ones waiting behind it
     * (even those the sink did not refuse, so a Thing's events never overtake each other). Changes of a Thing
     * before its first refused one stay in the batch. Answers the Things parked (their dead-letter sequences).
     */
    Set<String> park(ChangesRejected rejected, TaskDeadLetters deadLetters) {
        Set<String> parkedThings = new HashSet<>();
        Set<String> sequences = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            String thing = things.get(i);
            String reason = rejected.reasonFor(thing);
            if (reason == null && !parkedThings.contains(thing)) {
                continue;
            }
            boolean first = parkedThings.add(thing);
            EventMessage<?> event = remove(i);
            deadLetters.park(event, first ? new TaskDelivery.DocumentRejected(reason) : null);
            sequences.add(TaskDeadLetters.sequenceOf(event));
            i--;
        }
        return sequences;
    }

    /** Takes the change at {@code index} out of the batch; answers its event. */
    private EventMessage<?> remove(int index) {
        EventMessage<?> event = sources.remove(index);
        changes.remove(index);
        encoded.remove(index);
        things.remove(index);
        eventsByType.computeIfPresent(event.getPayloadType().getSimpleName(),
                (type, count) -> count > 1 ? count - 1 : null);
        return event;
    }
}
