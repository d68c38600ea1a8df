package dovetail.projections.synctask;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A history read from its start up to the head (a catch-up then ends, a full sync's copy goes on following it), with
 * what it delivered meanwhile.
 */
@Name(HistoryReadEvent.NAME)
@Label("History read")
@Description("A sync task's history reader reading up to the head of the event store")
final class HistoryReadEvent extends ReadingEvent {

    static final String NAME = "dovetail.HistoryRead";

    @Label("Task")
    String task;
    @Label("Processor")
    String processor;
    @Label("Events")
    long events;
    @Label("Deliveries")
    int deliveries;
    @Label("Encoded from stored payloads")
    @Description("Events the sink encoded from their stored payloads, without reading them into objects")
    long encodedFromStore;

    static HistoryReadEvent starting(String task, String processor) {
        HistoryReadEvent event = new HistoryReadEvent();
        event.task = task;
        event.processor = processor;
        event.begin();
        return event;
    }

    /** The batch was delivered; counted only while recording. */
    void delivered(DeliveryBatch batch) {
        if (isEnabled()) {
            deliveries++;
            events += batch.events;
            encodedFromStore += batch.encodedFromStore();
        }
    }

    /** The read reached the head. */
    void finish() {
        commit();
    }
}
