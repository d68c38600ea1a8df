package dovetail.bench;

import dovetail.domain.migration.BackfillProgress;
import dovetail.domain.migration.FindMigration;
import dovetail.domain.migration.MigrationView;
import dovetail.domain.migration.StartBackfill;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Backfill rate: N legacy rows imported by the backfill (pages of ImportThings, each a transaction that also writes
 * the read model), against the raw rate of appending N events in batches of the same size to the same event store
 * in the same process. Capture lag: legacy writes at a steady rate, one row per transaction, timed from the legacy
 * commit to the change stored in the event store ({@code dovetail.migration.capture.lag}).
 */
final class MigrationBench {

    /** A neutral payload: no projection handles it, so the baseline is the append alone. */
    record RawAppended(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version) {
    }

    private MigrationBench() {
    }

    static void run(int rows, int batch, int writesPerSecond, int seconds) throws Exception {
        try (BenchDovetail dovetail = BenchDovetail.startWithLegacy(legacy -> {
            System.out.printf("filling the legacy table with %,d rows ...%n", rows);
            legacy.update("insert into things (id, name, foo, created_on, updated_on, version) "
                          + "select n, 'legacy thing ' || n, (n % 97) + 1, now(), now(), n % 5 "
                          + "from generate_series(0, ? - 1) n", rows);
        }, "dovetail.legacy.backfill.batch-size=" + batch)) {
            double raw = rawAppend(dovetail, rows, batch);
            double backfill = backfill(dovetail, rows);
            System.out.printf("raw append: %,.0f events/s (batches of %,d)%n", raw, batch);
            System.out.printf("backfill:   %,.0f rows/s (pages of %,d)%n", backfill, batch);
            System.out.printf("ratio:      %.2f (target >= 0.5)%n", backfill / raw);
            captureLag(dovetail, rows, writesPerSecond, seconds);
        }
    }

    private static double rawAppend(BenchDovetail dovetail, int rows, int batch) {
        EventStore events = dovetail.bean(EventStore.class);
        TransactionManager transactions = dovetail.bean(TransactionManager.class);
        Instant now = Instant.now();
        long start = System.nanoTime();
        for (int first = 0; first < rows; first += batch) {
            List<EventMessage<?>> page = new ArrayList<>(batch);
            for (int n = first; n < Math.min(rows, first + batch); n++) {
                page.add(new GenericDomainEventMessage<>("BenchRaw", "raw-" + n, 0,
                        new RawAppended("raw-" + n, "legacy thing " + n, n % 97 + 1, now, now, n % 5)));
            }
            transactions.executeInTransaction(() -> events.publish(page));
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static double backfill(BenchDovetail dovetail, int rows) {
        QueryGateway queries = dovetail.bean(QueryGateway.class);
        long start = System.nanoTime();
        dovetail.bean(org.axonframework.commandhandling.gateway.CommandGateway.class).sendAndWait(new StartBackfill());
        while (true) {
            BackfillProgress progress = queries.query(new FindMigration(), ResponseTypes.instanceOf(MigrationView.class))
                                               .join().backfill();
            if ("COMPLETED".equals(progress.status())) {
                if (progress.imported() != rows) {
                    throw new IllegalStateException("the backfill imported " + progress.imported() + " of " + rows);
                }
                return rows / ((System.nanoTime() - start) / 1e9);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static void captureLag(BenchDovetail dovetail, int rows, int writesPerSecond, int seconds) {
        JdbcTemplate legacy = dovetail.legacy();
        MeterRegistry meters = dovetail.bean(MeterRegistry.class);
        // settle: the capture acknowledges nothing of the backfill, but let it be idle first
        LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        Timer before = lagTimer(meters);
        long counted = before == null ? 0 : before.count();
        long interval = 1_000_000_000L / writesPerSecond;
        long next = System.nanoTime();
        int writes = writesPerSecond * seconds;
        for (int n = 0; n < writes; n++) {
            LockSupport.parkNanos(next - System.nanoTime());
            legacy.update("update things set name = ?, version = version + 1, updated_on = now() where id = ?",
                    "written " + UUID.randomUUID(), ThreadLocalRandom.current().nextLong(rows));
            next += interval;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (lagTimer(meters) == null || lagTimer(meters).count() - counted < writes)) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        Timer lag = lagTimer(meters);
        System.out.printf("capture: %,d legacy writes at %d/s, %,d captured%n", writes, writesPerSecond,
                lag.count() - counted);
        for (ValueAtPercentile percentile : lag.takeSnapshot().percentileValues()) {
            System.out.printf("capture lag p%.0f: %.1f ms%n", percentile.percentile() * 100,
                    percentile.value(TimeUnit.MILLISECONDS));
        }
    }

    private static Timer lagTimer(MeterRegistry meters) {
        return meters.find("dovetail.migration.capture.lag").tag("source", "logical-replication").timer();
    }
}
