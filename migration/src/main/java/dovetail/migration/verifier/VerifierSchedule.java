package dovetail.migration.verifier;

import dovetail.domain.migration.MigrationMode;
import dovetail.domain.migration.VerificationReport;
import dovetail.migration.legacy.AdvisoryLocks;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.steps.MigrationState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Runs the verifier every {@code dovetail.migration.verify-interval}, so that its gauges stay current without
 * anyone asking. Every instance wakes up at that interval: the one that takes a lock in Dovetail's database and,
 * holding it, finds the last report (of any instance) older than the interval runs the verifier; the others show the
 * last report in their own gauges, so that one run is made per interval however many instances there are. Nothing
 * runs once the legacy store is retired, and a failed run (the legacy store down, say) waits for the next one.
 */
@Component
@ConditionalOnProperty("dovetail.legacy.datasource.url")
class VerifierSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VerifierSchedule.class);

    private final Verifier verifier;
    private final LegacyStore store;
    private final MigrationState state;
    private final DataSource dovetail;
    private final Duration every;
    private final Counter runs;
    private volatile ScheduledExecutorService executor;

    VerifierSchedule(Verifier verifier, LegacyStore store, MigrationState state, DataSource dovetail,
                     VerifierProperties properties, MeterRegistry meters) {
        this.verifier = verifier;
        this.store = store;
        this.state = state;
        this.dovetail = dovetail;
        this.every = properties.every();
        this.runs = Counter.builder("dovetail.migration.verifier.runs")
                           .description("Scheduled verifier runs this instance made").register(meters);
    }

    @Override
    public void start() {
        if (every.isZero()) {
            log.info("The verifier runs only when asked (dovetail.migration.verify-interval is off)");
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "migration-verifier");
            thread.setDaemon(true);
            return thread;
        });
        // at once: a restarted instance shows the last report instead of zeros until the first interval ends
        started.scheduleWithFixedDelay(this::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private void tick() {
        try {
            if (state.mode() == MigrationMode.LEGACY_RETIRED) {
                return;
            }
            Optional<VerificationReport> last = verifier.last();
            if (recent(last)) {
                verifier.show(last.get());
                return;
            }
            try (Connection lock = dovetail.getConnection()) {
                if (!AdvisoryLocks.tryLock(lock, AdvisoryLocks.VERIFY)) {
                    last.ifPresent(verifier::show);
                    return;
                }
                try {
                    // read again under the lock: another instance may have run, stored its report and released the
                    // lock between the read above and this lock: the verifier would run twice in one interval
                    Optional<VerificationReport> locked = verifier.last();
                    if (recent(locked)) {
                        verifier.show(locked.get());
                        return;
                    }
                    verifier.run(store);
                    runs.increment();
                } finally {
                    AdvisoryLocks.unlock(lock, AdvisoryLocks.VERIFY);
                }
            }
        } catch (Exception e) {
            log.warn("The scheduled verifier run failed ({}); the next one is in {}", e.toString(), every);
        }
    }

    private boolean recent(Optional<VerificationReport> report) {
        return report.isPresent() && report.get().at().isAfter(Instant.now().minus(every));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(VerifierProperties.class)
    static class Settings {
    }
}
