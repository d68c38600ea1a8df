package dovetail.app.cluster;

import dovetail.app.support.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The highest memory each instance of a cluster reached, over all its starts: heap in use as the instance reports it
 * ({@code jvm_memory_used_bytes{area="heap"}} on {@code /actuator/prometheus}, summed over the pools) and the
 * process's peak resident set size ({@code VmHWM} in {@code /proc/<pid>/status}: the kernel keeps that peak, so
 * sampling misses none of it). Sampled every second while it runs.
 */
final class MemoryPeaks implements AutoCloseable {

    private final Cluster cluster;
    private final long[] heap;
    private final long[] resident;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    private MemoryPeaks(Cluster cluster) {
        this.cluster = cluster;
        this.heap = new long[cluster.size()];
        this.resident = new long[cluster.size()];
        sampler.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    static MemoryPeaks watch(Cluster cluster) {
        return new MemoryPeaks(cluster);
    }

    /** Whether this system shows a process's resident set (Linux does). */
    static boolean residentSetVisible() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    private void sample() {
        for (int n = 0; n < cluster.size(); n++) {
            if (!cluster.alive(n)) {
                continue;
            }
            Process process = cluster.process(n);
            try {
                long used = heapUsed(n);
                OptionalLong peak = peakResidentSet(process.pid());
                synchronized (this) {
                    heap[n] = Math.max(heap[n], used);
                    resident[n] = Math.max(resident[n], peak.orElse(0));
                }
            } catch (RuntimeException | IOException stoppedMeanwhile) {
                // the next sample reads the next start
            }
        }
    }

    private long heapUsed(int n) {
        String metrics = cluster.graphQl(n).get("/actuator/prometheus", TestTokens.ADMIN).body();
        return (long) metrics.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                             .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                             .sum();
    }

    private static OptionalLong peakResidentSet(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return OptionalLong.empty();
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst();
    }

    synchronized long[] heap() {
        return Arrays.copyOf(heap, heap.length);
    }

    synchronized long[] residentSet() {
        return Arrays.copyOf(resident, resident.length);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
