package dovetail.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by this JVM, Meilisearch, PostgreSQL and Kafka (in-process here, so counted with the JVM) over a
 * stretch of a benchmark, read from {@code /proc}: shows where a run spends the machine, not only how long it takes.
 * Prints nothing on systems without {@code /proc}.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    private final Map<String, Double> start;
    private final Map<String, Double> threadsAtStart;
    private final long gcMillisAtStart;
    private final long startNanos = System.nanoTime();

    private CpuMeter() {
        this.start = sample();
        this.threadsAtStart = threads();
        this.gcMillisAtStart = gcMillis();
    }

    /**
     * The JVM's share split by thread (numbers in names folded, so pools add up; the JIT's compiler threads among
     * them), with GC pause time: e.g. {@code "jvm threads: task-x-reader 1.10 s, ... gc pauses 0.1 s"}.
     */
    String threadReport(int top) {
        Map<String, Double> end = threads();
        Map<String, Double> delta = new LinkedHashMap<>();
        end.forEach((name, seconds) -> delta.put(name, seconds - threadsAtStart.getOrDefault(name, 0.0)));
        StringBuilder line = new StringBuilder("jvm threads:");
        delta.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(entry -> line.append(String.format(" %s %.2f s,", entry.getKey(), entry.getValue())));
        line.append(String.format(" gc pauses %.2f s", (gcMillis() - gcMillisAtStart) / 1e3));
        return line.toString();
    }

    /** CPU seconds per live thread of this process, native ones (JIT compilers, GC workers) included. */
    private static Map<String, Double> threads() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "N");
                    seconds.merge(name, cpuSeconds(task.resolve("stat")), Double::sum);
                    // schedstat: time on a CPU, time runnable but waiting for one (ns), timeslices
                    String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    seconds.merge(name + " (waiting for a CPU)", Long.parseLong(sched[1]) / 1e9, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException noProc) {
            // not on Linux
        }
        return seconds;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static CpuMeter start() {
        return new CpuMeter();
    }

    /** CPU seconds spent since the start by this JVM and the engines it measures, together. */
    double seconds() {
        Map<String, Double> end = sample();
        return end.entrySet().stream().mapToDouble(entry -> entry.getValue() - start.getOrDefault(entry.getKey(), 0.0))
                .sum();
    }

    /** e.g. {@code "cpu: wall 2.10 s, jvm 1.2 s, meilisearch 2.9 s, postgres 0.3 s"} */
    String report() {
        Map<String, Double> end = sample();
        if (end.isEmpty()) {
            return "cpu: not measured (no /proc)";
        }
        StringBuilder line = new StringBuilder(String.format("cpu: wall %.2f s", (System.nanoTime() - startNanos) / 1e9));
        end.forEach((process, seconds) -> line.append(String.format(", %s %.2f s", process,
                seconds - start.getOrDefault(process, 0.0))));
        return line.toString();
    }

    private static Map<String, Double> sample() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return seconds;
        }
        long self = ProcessHandle.current().pid();
        seconds.put("jvm", cpuSeconds(self));
        ProcessHandle.allProcesses().forEach(process -> {
            String command = process.info().command().orElse("");
            String name = command.contains("meilisearch") ? "meilisearch"
                    : command.endsWith("/postgres") ? "postgres" : null;
            if (name != null) {
                seconds.merge(name, cpuSeconds(process.pid()), Double::sum);
            }
        });
        return seconds;
    }

    /** The CPU seconds process {@code pid} has used so far (Linux). */
    static double cpuSeconds(long pid) {
        return cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static double cpuSeconds(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(0) ... utime(11) stime(12)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
