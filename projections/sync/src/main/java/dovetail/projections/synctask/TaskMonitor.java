package dovetail.projections.synctask;

import dovetail.projections.sink.FailureText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one task did on this instance: events delivered per type, failures and the last error, throughput over
 * the last minute, and latency (event appended → batch accepted by the sink) percentiles. The meters also go to
 * the application's registry ({@code dovetail.sync.*}, tagged with the task).
 */
final class TaskMonitor {

    private static final int WINDOW_SECONDS = 60;

    private final String task;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, TypeCount> countsByType = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final long[] perSecond = new long[WINDOW_SECONDS];
    private final long[] secondOf = new long[WINDOW_SECONDS];
    private final Instant started;
    private final Timer latency;
    private final DistributionSummary batchSize;
    private final Counter failureCounter;
    private final Counter parkedCounter;
    private final DeliverySpans spans;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String lastErrorTraceId;
    private volatile boolean failing;

    TaskMonitor(String task, MeterRegistry registry, Clock clock, DeliverySpans spans) {
        this.task = task;
        this.spans = spans;
        this.registry = registry;
        this.clock = clock;
        this.started = clock.instant();
        this.latency = Timer.builder("dovetail.sync.latency")
                .description("Time from an event's append to its batch being accepted by the task's sink")
                .tag("task", task).publishPercentiles(0.5, 0.95, 0.99)
                // buckets, so that Prometheus shows exemplars: a slow bucket names a trace of a delivery in it
                .publishPercentileHistogram()
                .distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
        this.batchSize = DistributionSummary.builder("dovetail.sync.batch.size").tag("task", task)
                .description("Changes per batch delivered to the task's sink").register(registry);
        this.failureCounter = Counter.builder("dovetail.sync.failures").tag("task", task)
                .description("Batches the task's sink did not accept").register(registry);
        this.parkedCounter = Counter.builder("dovetail.sync.dead.lettered").tag("task", task)
                .description("Events the task parked in its dead-letter queue").register(registry);
    }

    void delivered(Map<String, Long> eventsByType, long changes, Iterable<Instant> eventTimes) {
        Instant now = clock.instant();
        eventsByType.forEach((type, count) -> countsByType.computeIfAbsent(type, this::typeCount).add(count));
        long total = eventsByType.values().stream().mapToLong(Long::longValue).sum();
        delivered.addAndGet(total);
        for (Instant appended : eventTimes) {
            latency.record(Math.max(0, Duration.between(appended, now).toNanos()), TimeUnit.NANOSECONDS);
        }
        batchSize.record(changes);
        tick(now.getEpochSecond(), total);
        failing = false;
    }

    void parked(long events) {
        parkedCounter.increment(events);
    }

    void failed(Throwable failure) {
        failed(failure, null);
    }

    /** A failed delivery, in the trace {@code traceId} (null when not traced). */
    void failed(Throwable failure, String traceId) {
        failures.incrementAndGet();
        failureCounter.increment();
        lastError = FailureText.describe(failure);
        lastErrorAt = clock.instant();
        lastErrorTraceId = traceId;
        failing = true;
    }

    /** The spans of this task's deliveries. */
    DeliverySpans spans() {
        return spans;
    }

    /** The trace of the delivery that failed last, when it was traced. */
    String lastErrorTraceId() {
        return lastErrorTraceId;
    }

    boolean failing() {
        return failing;
    }

    String lastError() {
        return lastError;
    }

    Instant lastErrorAt() {
        return lastErrorAt;
    }

    long delivered() {
        return delivered.get();
    }

    long failures() {
        return failures.get();
    }

    Map<String, Long> countsByType() {
        Map<String, Long> counts = new TreeMap<>();
        countsByType.forEach((type, count) -> counts.put(type, count.events().get()));
        return counts;
    }

    /** Events per second over the last minute (or since the task started here, if that is shorter). */
    synchronized double throughput() {
        long now = clock.instant().getEpochSecond();
        long sum = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (now - secondOf[i] < WINDOW_SECONDS) {
                sum += perSecond[i];
            }
        }
        long window = Math.max(1, Math.min(WINDOW_SECONDS, now - started.getEpochSecond() + 1));
        return (double) sum / window;
    }

    Double latencyMillis(double percentile) {
        for (ValueAtPercentile value : latency.takeSnapshot().percentileValues()) {
            if (Math.abs(value.percentile() - percentile) < 1e-9) {
                return latency.count() == 0 ? null : value.value(TimeUnit.MILLISECONDS);
            }
        }
        return null;
    }

    void close() {
        registry.remove(latency);
        registry.remove(batchSize);
        registry.remove(failureCounter);
        registry.remove(parkedCounter);
        registry.find("dovetail.sync.events").tag("task", task).meters().forEach(registry::remove);
    }

    /** The events of one type delivered: counted here, and by the meter the registry shows. */
    private record TypeCount(AtomicLong events, Counter counter) {
        void add(long count) {
            events.addAndGet(count);
            counter.increment(count);
        }
    }

    private TypeCount typeCount(String type) {
        return new TypeCount(new AtomicLong(), Counter.builder("dovetail.sync.events").tag("task", task)
                .tag("type", type).description("Events the task delivered").register(registry));
    }

    private synchronized void tick(long second, long events) {
        int slot = (int) (second % WINDOW_SECONDS);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            perSecond[slot] = 0;
        }
        perSecond[slot] += events;
    }
}
