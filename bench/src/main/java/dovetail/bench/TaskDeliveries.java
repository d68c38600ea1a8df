package dovetail.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How many events a task has delivered, as its own counters say, read in this process. */
final class TaskDeliveries {

    private TaskDeliveries() {
    }

    /**
     * Waits until the task has delivered {@code events} events: its count moves only once the broker acknowledged
     * every record of a batch. Read in this process, so that waiting costs the broker nothing; asking the broker for
     * its offsets every few milliseconds instead took CPU from the task it measured (the pipeline it is compared with
     * awaits its own acknowledgements and is asked nothing).
     */
    static void await(MeterRegistry meters, String taskId, long events, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // searching the registry costs far more than reading a counter (it holds every earlier task's meters), so
        // the task's counters are looked up again only every 100 ms, for a type the task begins to count meanwhile
        Collection<Counter> counters = List.of();
        long searched = 0;
        while (delivered(counters) < events) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException(taskId + " did not deliver " + events + " events within " + timeout);
            }
            if (now - searched > TimeUnit.MILLISECONDS.toNanos(100)) {
                counters = meters.find("dovetail.sync.events").tag("task", taskId).counters();
                searched = now;
                continue;
            }
            Thread.sleep(1);
        }
    }

    private static double delivered(Collection<Counter> counters) {
        double sum = 0;
        for (Counter counter : counters) {
            sum += counter.count();
        }
        return sum;
    }
}
