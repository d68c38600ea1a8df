package dovetail.projections.sink;

import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingView;

/**
 * One change a sink must make, after the task's filter: what a Thing event does to any copy of Thing state
 * ({@link ThingChange}: the Thing now has this state, or it is gone), with the event it comes from, for sinks that
 * publish events rather than state. Each sink builds its own shape from it (a search document, a topic record, a
 * table row). A Thing that stops meeting the task's filter is removed from the sink: its change is a
 * {@link ThingChange.Removal} although its event is not a deletion.
 *
 * <p>{@code traceparent} is the W3C trace context the event was appended in (null when tracing is off or the event
 * predates it): a sink that hands records on (a Kafka topic) passes it along, so a consumer joins the request's
 * trace.
 */
public record SinkChange(ThingChange change, Object event, String traceparent) {

    public SinkChange {
        if (change == null || event == null) {
            throw new IllegalArgumentException("A sink change needs the Thing change and its event");
        }
    }

    public SinkChange(ThingChange change, Object event) {
        this(change, event, null);
    }

    /** This change, appended in the trace context {@code traceparent}. */
    public SinkChange tracedBy(String traceparent) {
        return traceparent == null ? this : new SinkChange(change, event, traceparent);
    }

    public String thingId() {
        return change.id();
    }

    /** The Thing version the change brings the sink to. */
    public long version() {
        return change.version();
    }

    /** The Thing's state, or null when the change removes it. */
    public ThingView thing() {
        return change instanceof ThingChange.Upsert upsert ? upsert.thing() : null;
    }

    public boolean removes() {
        return change instanceof ThingChange.Removal;
    }
}
