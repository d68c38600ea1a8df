package dovetail.app.health;

import dovetail.projections.sink.FailureText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * One health check with a deadline (see {@link HealthDeadlines}): its answer when it comes within
 * {@code dovetail.health.timeout} of the check's start, else down. An answer is reused for one timeout, so that
 * the checks one request started are not started again by the same request.
 */
final class BoundedHealthCheck implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BoundedHealthCheck.class);

    private final HealthIndicator delegate;
    private final HealthDeadlines deadlines;
    private CompletableFuture<Health> running;
    private long startedNanos;

    BoundedHealthCheck(HealthIndicator delegate, HealthDeadlines deadlines) {
        this.delegate = delegate;
        this.deadlines = deadlines;
    }

    @Override
    public Health health() {
        deadlines.startAll();
        CompletableFuture<Health> check;
        long waited;
        synchronized (this) {
            check = start();
            waited = System.nanoTime() - startedNanos;
        }
        Duration timeout = deadlines.timeout();
        try {
            return readable(check.get(Math.max(0, timeout.toNanos() - waited), TimeUnit.NANOSECONDS));
        } catch (TimeoutException late) {
            return Health.down().withDetail("error", "no answer within " + timeout.toMillis() + " ms").build();
        } catch (ExecutionException failed) {
            log.warn("Health check {} failed", delegate.getClass().getSimpleName(), failed.getCause());
            return Health.down().withDetail("error", "the check failed; see the log").build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }

    /**
     * Spring Boot words a failed check as the exception's class name and message, which any token holder sees:
     * the message alone says what failed (the log has the exception).
     */
    private static Health readable(Health health) {
        if (!(health.getDetails().get("error") instanceof String error)) {
            return health;
        }
        Map<String, Object> details = new LinkedHashMap<>(health.getDetails());
        String message = FailureText.withoutClassNames(error);
        details.put("error", message.isEmpty() ? "the check failed; see the log" : message);
        return Health.status(health.getStatus()).withDetails(details).build();
    }

    /** The running or fresh check, started anew when the last answer is older than the timeout. */
    synchronized CompletableFuture<Health> start() {
        long now = System.nanoTime();
        boolean fresh = running != null && now - startedNanos < deadlines.timeout().toNanos();
        if (running == null || (running.isDone() && !fresh)) {
            startedNanos = now;
            running = CompletableFuture.supplyAsync(delegate::health, deadlines.executor());
        }
        return running;
    }
}
