package dovetail.app.cluster;

import dovetail.app.support.TestTokens;
import dovetail.embedded.ProcessMemory;
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

    private void sample() {
        for (int n = 0; n < cluster.size(); n++) {
            if (!cluster.alive(n)) {
                continue;
            }
            Process process = cluster.process(n);
            try {
                long used = ProcessMemory.heapUsed(
                        cluster.graphQl(n).get("/actuator/prometheus", TestTokens.ADMIN).body());
                OptionalLong peak = ProcessMemory.peakResidentSet(process.pid());
                synchronized (this) {
                    heap[n] = Math.max(heap[n], used);
                    resident[n] = Math.max(resident[n], peak.orElse(0));
                }
            } catch (RuntimeException stoppedMeanwhile) {
                // the next sample reads the next start
            }
        }
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
