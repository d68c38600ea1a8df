package dovetail.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Samples each instance's heap in use and resident set once a second, keeping the highest of each, so a
 * run can say how much memory an instance needed under its load.
 */
final class MemoryPeaks implements AutoCloseable {

    private final List<Instance> instances;
    private final Map<String, long[]> peaks = new LinkedHashMap<>();
    private final Thread thread;

    private MemoryPeaks(List<Instance> instances) {
        this.instances = List.copyOf(instances);
        instances.forEach(instance -> peaks.put(instance.name(), new long[2]));
        this.thread = new Thread(this::sampleUntilClosed, "memory-peaks");
        this.thread.setDaemon(true);
    }

    static MemoryPeaks sample(List<Instance> instances) {
        MemoryPeaks memory = new MemoryPeaks(instances);
        memory.thread.start();
        return memory;
    }

    private void sampleUntilClosed() {
        while (!Thread.currentThread().isInterrupted()) {
            for (Instance instance : instances) {
                try {
                    long heap = instance.heapUsed();
                    long resident = instance.residentSet();
                    synchronized (this) {
                        long[] peak = peaks.get(instance.name());
                        peak[0] = Math.max(peak[0], heap);
                        peak[1] = Math.max(peak[1], resident);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception busy) {
                    // the instance did not answer this time: the next sample counts
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Forgets the peaks so far. */
    synchronized void reset() {
        peaks.values().forEach(peak -> {
            peak[0] = 0;
            peak[1] = 0;
        });
    }

    synchronized long peakHeap() {
        return peaks.values().stream().mapToLong(peak -> peak[0]).max().orElse(0);
    }

    synchronized long peakResidentSet() {
        return peaks.values().stream().mapToLong(peak -> peak[1]).max().orElse(0);
    }

    synchronized String describe() {
        return "peak heap in use / resident set: " + peaks.entrySet().stream()
                .map(entry -> String.format("%s %d / %d MB", entry.getKey(), entry.getValue()[0] >> 20,
                        entry.getValue()[1] >> 20))
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5_000);
    }
}
