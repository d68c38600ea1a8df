package dovetail.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What a process holds in memory, for tests and benchmarks that run Dovetail instances as processes of their own:
 * its resident set as the kernel tells it ({@code /proc/<pid>/status}, Linux only), and the heap in use as the
 * instance's own Prometheus meters tell it.
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Whether this system shows a process's resident set (Linux does). */
    public static boolean residentSetVisible() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /** The process's resident set now ({@code VmRSS}), in bytes; empty where it cannot be read. */
    public static OptionalLong residentSet(long pid) {
        return status(pid, "VmRSS:");
    }

    /** The highest resident set the process has had ({@code VmHWM}, kept by the kernel), in bytes. */
    public static OptionalLong peakResidentSet(long pid) {
        return status(pid, "VmHWM:");
    }

    /** The heap in use, in bytes: {@code jvm_memory_used_bytes} of the heap pools in a Prometheus scrape, summed. */
    public static long heapUsed(String prometheusText) {
        return (long) prometheusText.lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static OptionalLong status(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith(field))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst();
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty(); // not on Linux, or the process ended
        }
    }
}
