package dovetail.projections.synctask;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.StackTrace;

/**
 * What the JFR events of a history read share: where they are listed, and no stack trace (each is committed at one
 * known place). They cost nothing unless a recording asks for them (the benchmarks do, see docs/benchmarks.md).
 */
@Category({"Dovetail", "Sync tasks"})
@StackTrace(false)
abstract class ReadingEvent extends Event {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** This thread's CPU time so far (0 where the JVM does not measure it). */
    static long threadCpuNanos() {
        return Math.max(0, THREADS.getCurrentThreadCpuTime());
    }
}
