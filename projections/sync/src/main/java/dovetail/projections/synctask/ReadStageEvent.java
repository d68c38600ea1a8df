package dovetail.projections.synctask;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * One stage of a history read (fetching, converting or delivering) on its own thread, from its start to its end,
 * with the CPU time the thread spent meanwhile.
 */
@Name(ReadStageEvent.NAME)
@Label("History read stage")
@Description("A stage of a sync task's history reader on its own thread, with the CPU time it took")
final class ReadStageEvent extends ReadingEvent {

    static final String NAME = "dovetail.HistoryReadStage";

    @Label("Processor")
    String processor;
    @Label("Stage")
    String stage;
    @Label("CPU time")
    @Timespan(Timespan.NANOSECONDS)
    long cpu;
    private transient long cpuAtStart;

    /** The stage {@code stage} of the reader for {@code processor} starts on this thread. */
    static ReadStageEvent starting(String processor, String stage) {
        ReadStageEvent event = new ReadStageEvent();
        event.processor = processor;
        event.stage = stage;
        if (event.isEnabled()) {
            event.cpuAtStart = threadCpuNanos();
        }
        event.begin();
        return event;
    }

    /** The stage ends on the thread it started on. */
    void finish() {
        end();
        if (shouldCommit()) {
            cpu = Math.max(0, threadCpuNanos() - cpuAtStart);
            commit();
        }
    }
}
