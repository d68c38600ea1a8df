package dovetail.projections.synctask;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * One delivery of a history read, from handing its merged batches to the task's delivery until the sink accepted
 * them and the position was stored: with the time between deliveries, it shows how long the sink took each one.
 */
@Name(HistoryDeliveryEvent.NAME)
@Label("History delivery")
@Description("One delivery of a history read to its sink, up to the stored position")
final class HistoryDeliveryEvent extends ReadingEvent {

    static final String NAME = "dovetail.HistoryDelivery";

    @Label("Processor")
    String processor;
    @Label("Events")
    long events;

    /** A delivery of processor {@code processor} starts. */
    static HistoryDeliveryEvent starting(String processor) {
        HistoryDeliveryEvent event = new HistoryDeliveryEvent();
        event.processor = processor;
        event.begin();
        return event;
    }

    /** The delivery of {@code events} events was accepted and its position stored. */
    void finish(long events) {
        end();
        if (shouldCommit()) {
            this.events = events;
            commit();
        }
    }
}
