package dovetail.projections.synctask;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A stage of a history read waiting on its neighbour ({@link Handoff}): for room while the stage after it is behind,
 * for items while the stage before it is.
 */
@Name(HandoffWaitEvent.NAME)
@Label("History read wait")
@Description("A stage of a sync task's history reader waiting for room, or for what the stage before it passes on")
final class HandoffWaitEvent extends ReadingEvent {

    static final String NAME = "dovetail.HistoryReadWait";

    @Label("Processor")
    String processor;
    @Label("Stage")
    String stage;
    @Label("Waiting for")
    String waitingFor;

    static HandoffWaitEvent starting(String processor, String stage, String waitingFor) {
        HandoffWaitEvent event = new HandoffWaitEvent();
        event.processor = processor;
        event.stage = stage;
        event.waitingFor = waitingFor;
        event.begin();
        return event;
    }

    void finish() {
        commit();
    }
}
