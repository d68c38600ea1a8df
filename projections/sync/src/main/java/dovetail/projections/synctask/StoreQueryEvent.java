package dovetail.projections.synctask;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * One query {@link StoreHistory} runs ahead of its reader, with its rows and the CPU time it took on the query's
 * thread.
 */
@Name(StoreQueryEvent.NAME)
@Label("Store history query")
@Description("A batch of event-store rows read ahead for a history reader, with the CPU time it took")
final class StoreQueryEvent extends ReadingEvent {

    static final String NAME = "dovetail.StoreHistoryQuery";

    @Label("Rows")
    int rows;
    @Label("CPU time")
    @Timespan(Timespan.NANOSECONDS)
    long cpu;
    private transient long cpuAtStart;

    /** A query starts on this thread. */
    static StoreQueryEvent starting() {
        StoreQueryEvent event = new StoreQueryEvent();
        if (event.isEnabled()) {
            event.cpuAtStart = threadCpuNanos();
        }
        event.begin();
        return event;
    }

    /** The query read {@code rows} rows. */
    void finish(int rows) {
        end();
        if (shouldCommit()) {
            this.rows = rows;
            cpu = Math.max(0, threadCpuNanos() - cpuAtStart);
            commit();
        }
    }
}
