package dovetail.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/** Drives an operation from several client threads for a fixed time and records each call's latency. */
final class Load {

    /** One client's operation; {@code n} numbers the calls of that client. */
    @FunctionalInterface
    interface Operation {
        void call(int client, long n) throws Exception;
    }

    record Result(String label, long operations, Duration elapsed, Histogram latencyMicros) {

        double perSecond() {
            return operations / (elapsed.toNanos() / 1e9);
        }

        String describe() {
            return String.format("%-34s %9.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  (%d ops in %.1f s)", label,
                    perSecond(), latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0, operations, elapsed.toNanos() / 1e9);
        }
    }

    private Load() {
    }

    static Result run(String label, int clients, Duration duration, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Future<Histogram>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int id = client;
                futures.add(pool.submit(() -> {
                    Histogram histogram = new Histogram(60_000_000L, 3);
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        long before = System.nanoTime();
                        operation.call(id, n++);
                        histogram.recordValue(Math.max(1, (System.nanoTime() - before) / 1000));
                    }
                    return histogram;
                }));
            }
            Histogram total = new Histogram(60_000_000L, 3);
            for (Future<Histogram> future : futures) {
                total.add(future.get());
            }
            return new Result(label, total.getTotalCount(), Duration.ofNanos(System.nanoTime() - start), total);
        } finally {
            pool.shutdownNow();
        }
    }
}
