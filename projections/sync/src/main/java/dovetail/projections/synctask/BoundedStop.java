package dovetail.projections.synctask;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the task processors all at once and waits for them no longer than the shutdown timeout. One after the
 * other, each waiting for a batch stuck on a dead sink, they took 30 s apiece. What has not stopped shortly
 * before the deadline is interrupted, and what still runs at the deadline is left behind: its batch was not
 * committed, so its events are delivered again on the next start (positions only move with an accepted batch).
 */
final class BoundedStop {

    private static final Logger log = LoggerFactory.getLogger(BoundedStop.class);
    /** The part of the timeout left for what was interrupted to close its resources. */
    private static final Duration MOST_GRACE = Duration.ofSeconds(1);

    private BoundedStop() {
    }

    /** Runs every stop, by name, on a thread of its own, and returns by {@code timeout} at the latest. */
    static void run(Map<String, Runnable> stops, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration grace = timeout.dividedBy(5).compareTo(MOST_GRACE) < 0 ? timeout.dividedBy(5) : MOST_GRACE;
        List<Thread> threads = new ArrayList<>();
        stops.forEach((name, stop) -> {
            Thread thread = new Thread(stop, "stop-" + name);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        });
        if (!joinAll(threads, deadline - grace.toNanos())) {
            threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
            if (!joinAll(threads, deadline)) {
                List<String> left = threads.stream().filter(Thread::isAlive)
                        .map(thread -> thread.getName().substring("stop-".length())).toList();
                log.warn("Sync task(s) {} did not stop within {} s (dovetail.shutdown.timeout); their unfinished"
                         + " batches were not committed and are delivered again on the next start", left,
                        timeout.toSeconds());
            }
        }
    }

    private static boolean joinAll(List<Thread> threads, long deadline) {
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    thread.join(Duration.ofNanos(left).toMillis() + 1);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
