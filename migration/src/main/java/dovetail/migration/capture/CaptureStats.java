package dovetail.migration.capture;

import dovetail.projections.sink.FailureText;
import dovetail.domain.migration.CaptureStatus;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What one capture source did on this instance, for the migration view. */
final class CaptureStats {

    private volatile String source;
    private volatile String fallback;
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private volatile boolean running;
    private volatile String position;
    private volatile Double lagMillis;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastRefusal;
    private volatile Instant lastRefusalAt;

    CaptureStats(String source) {
        this.source = source;
    }

    void source(String source, String fallback) {
        this.source = source;
        this.fallback = fallback;
    }

    void running(boolean running) {
        this.running = running;
    }

    void position(String position) {
        this.position = position;
    }

    void counted(long newCaptured, long newIgnored, Double lastLagMillis) {
        captured.addAndGet(newCaptured);
        ignored.addAndGet(newIgnored);
        if (lastLagMillis != null) {
            lagMillis = lastLagMillis;
        }
        lastError = null;
    }

    /** A row that breaks the Thing rules: passed over (counted as ignored too), and shown with its reason. */
    void refused(String refusal, Instant at) {
        refused.incrementAndGet();
        lastRefusal = refusal;
        lastRefusalAt = at;
    }

    void failed(Exception failure, Instant at) {
        lastError = FailureText.describe(failure);
        lastErrorAt = at;
    }

    CaptureStatus status() {
        return new CaptureStatus(source, running, position, captured.get(), ignored.get(), lagMillis, lastError,
                lastErrorAt, fallback, refused.get(), lastRefusal, lastRefusalAt);
    }
}
