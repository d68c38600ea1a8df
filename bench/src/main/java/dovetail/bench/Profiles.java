package dovetail.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;

/**
 * CPU profiles of the measured runs, for finding where a run's time goes: with {@code -Dbench.profile=<directory>},
 * async-profiler samples every thread of this process while a run is timed (every 200 µs of CPU time, event
 * {@code bench.profile-event}, {@code cpu} by default) and writes the run's stacks, each headed by its thread, in
 * collapsed form to {@code <directory>/<label>-<n>.collapsed}. Summed over many runs, the files say which thread and
 * which code took the CPU of a run too short for JFR's sampling. Without the property nothing is loaded.
 */
final class Profiles {

    private static final String DIRECTORY = System.getProperty("bench.profile");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static AsyncProfiler profiler;

    private Profiles() {
    }

    /** Starts sampling, when profiles are asked for. */
    static synchronized void start() {
        if (DIRECTORY == null) {
            return;
        }
        if (profiler == null) {
            try {
                profiler = AsyncProfilerLoader.load();
            } catch (IOException e) {
                throw new UncheckedIOException("async-profiler could not be loaded", e);
            }
        }
        execute("start,event=" + System.getProperty("bench.profile-event", "cpu") + ",interval=200us,threads");
    }

    /** Stops sampling and writes the run's profile under {@code label}, when profiles are asked for. */
    static synchronized void stop(String label) {
        if (DIRECTORY != null) {
            execute("stop,collapsed,file=" + DIRECTORY + "/" + label + "-" + RUNS.incrementAndGet() + ".collapsed");
        }
    }

    private static void execute(String command) {
        try {
            profiler.execute(command);
        } catch (Exception e) {
            throw new IllegalStateException("async-profiler refused " + command, e);
        }
    }
}
