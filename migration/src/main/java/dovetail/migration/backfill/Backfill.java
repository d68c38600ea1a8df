package dovetail.migration.backfill;

import dovetail.domain.migration.BackfillProgress;
import dovetail.domain.migration.BackfillRunning;
import dovetail.domain.migration.LegacyStoreNotConfigured;
import dovetail.domain.migration.MigrationAccepted;
import dovetail.domain.migration.MigrationOutcome;
import dovetail.domain.migration.Migrations;
import dovetail.domain.migration.RecordBackfillCompleted;
import dovetail.domain.migration.RecordBackfillStarted;
import dovetail.domain.migration.StartBackfill;
import dovetail.domain.thing.ImportThings;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.ReserveThingIds;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.migration.legacy.AdvisoryLocks;
import dovetail.migration.legacy.LegacyProperties;
import dovetail.migration.legacy.LegacyRow;
import dovetail.migration.legacy.LegacyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Snapshots the legacy table into the event store: pages of rows in id order, each page one {@link ImportThings}
 * command (one transaction), then the page's last id is stored as the position. After a crash, a restarted
 * Dovetail goes on from the stored position by itself; a page imported again changes nothing, so running the whole
 * backfill twice is harmless. New Thing ids are kept past the imported ones.
 */
@Component
public class Backfill implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    static final String ID = "backfill";

    private final ObjectProvider<LegacyStore> store;
    private final LegacyProperties properties;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private volatile Thread worker;
    private volatile boolean running;

    Backfill(ObjectProvider<LegacyStore> store, LegacyProperties properties, CommandGateway commands, JdbcTemplate jdbc,
             DataSource dataSource) {
        this.dataSource = dataSource;
        this.store = store;
        this.properties = properties;
        this.commands = commands;
        this.jdbc = jdbc;
    }

    @CommandHandler
    MigrationOutcome handle(StartBackfill command) {
        LegacyStore legacy = store.getIfAvailable();
        if (legacy == null) {
            return new LegacyStoreNotConfigured();
        }
        synchronized (this) {
            if (worker != null && worker.isAlive()) {
                return new BackfillRunning();
            }
            long total = legacy.count();
            MigrationOutcome recorded = commands.sendAndWait(new RecordBackfillStarted(Migrations.ID, total));
            if (!(recorded instanceof MigrationAccepted)) {
                return recorded;
            }
            // a new run starts from the first row: everything already imported is skipped cheaply
            jdbc.update("insert into migration_backfill (id, status, position, imported, total, started_at) "
                        + "values (?, 'RUNNING', null, 0, ?, ?) on conflict (id) do update set status = 'RUNNING', "
                        + "position = null, imported = 0, total = excluded.total, started_at = excluded.started_at, "
                        + "finished_at = null", ID, total, Timestamp.from(Instant.now()));
            // the worker reads the reset position: it starts once this command's transaction has committed
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(committed -> startWorker(legacy));
            } else {
                startWorker(legacy);
            }
            return recorded;
        }
    }

    /** Where the backfill stands; {@code NOT_STARTED} before the first run. */
    public BackfillProgress progress() {
        List<BackfillProgress> rows = jdbc.query("select * from migration_backfill where id = ?", (rs, i) -> {
            Instant started = instant(rs.getTimestamp("started_at"));
            Instant finished = instant(rs.getTimestamp("finished_at"));
            long imported = rs.getLong("imported");
            double seconds = started == null ? 0
                    : Duration.between(started, finished == null ? Instant.now() : finished).toMillis() / 1000.0;
            return new BackfillProgress(rs.getString("status"), (Long) rs.getObject("position"), imported,
                    rs.getLong("total"), started, finished, seconds > 0 ? imported / seconds : 0);
        }, ID);
        return rows.isEmpty() ? new BackfillProgress("NOT_STARTED", null, 0, 0, null, null, 0) : rows.get(0);
    }

    public boolean runningHere() {
        Thread current = worker;
        return current != null && current.isAlive();
    }

    /** A backfill that a crash or stop interrupted goes on by itself at start, from its stored position. */
    @Override
    public void start() {
        running = true;
        LegacyStore legacy = store.getIfAvailable();
        if (legacy != null && "RUNNING".equals(progress().status())) {
            log.info("Resuming the backfill after id {}", progress().position());
            synchronized (this) {
                startWorker(legacy);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            try {
                current.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private synchronized void startWorker(LegacyStore legacy) {
        if (worker != null && worker.isAlive()) {
            return;
        }
        Thread thread = new Thread(() -> run(legacy), "legacy-backfill");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /** Under a lock in Dovetail's database: an instance that finds the backfill running elsewhere leaves it be. */
    private void run(LegacyStore legacy) {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try (Connection lock = dataSource.getConnection()) {
                if (!AdvisoryLocks.tryLock(lock, AdvisoryLocks.BACKFILL)) {
                    log.info("The backfill runs on another instance");
                    return;
                }
                try {
                    if (copy(legacy)) {
                        return;
                    }
                } finally {
                    AdvisoryLocks.unlock(lock, AdvisoryLocks.BACKFILL);
                }
            } catch (RuntimeException | SQLException e) {
                log.warn("Backfill failed ({}); retrying in {} s from its last stored position", e.toString(),
                        backoff.toSeconds());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
        }
    }

    /** True once the whole table is imported; false when stopped first. */
    private boolean copy(LegacyStore legacy) {
        Long position = progress().position();
        long imported = progress().imported();
        while (running) {
            List<LegacyRow> page = legacy.page(position, properties.backfill().batchSize());
            if (page.isEmpty()) {
                jdbc.update("update migration_backfill set status = 'COMPLETED', finished_at = ? where id = ?",
                        Timestamp.from(Instant.now()), ID);
                commands.sendAndWait(new RecordBackfillCompleted(Migrations.ID, imported));
                log.info("Backfill completed: {} legacy rows imported", imported);
                return true;
            }
            List<ThingOutcome> outcomes = commands.sendAndWait(
                    new ImportThings(page.stream().map(LegacyRow::toImport).toList()));
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof ThingAccepted accepted && accepted.changed()) {
                    imported++;
                } else if (outcomes.get(i) instanceof InvalidInput invalid) {
                    log.warn("Legacy row {} cannot be imported and is passed over: {}", page.get(i).id(),
                            invalid.problems());
                }
            }
            position = page.get(page.size() - 1).id();
            commands.sendAndWait(new ReserveThingIds(position));
            jdbc.update("update migration_backfill set position = ?, imported = ? where id = ?", position, imported, ID);
        }
        return false;
    }

    private static Instant instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant).orElse(null);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
