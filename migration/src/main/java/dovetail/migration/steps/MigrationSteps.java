package dovetail.migration.steps;

import dovetail.domain.migration.BackfillRunning;
import dovetail.domain.migration.CaptureNotDrained;
import dovetail.domain.migration.CutOver;
import dovetail.domain.migration.DriftFound;
import dovetail.domain.migration.LegacyStoreNotConfigured;
import dovetail.domain.migration.MigrationAccepted;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.migration.MigrationOutcome;
import dovetail.domain.migration.Migrations;
import dovetail.domain.migration.RetireLegacy;
import dovetail.domain.migration.RetireLegacyStore;
import dovetail.domain.migration.RollBack;
import dovetail.domain.migration.SeedLegacyThings;
import dovetail.domain.migration.SeedingUnavailable;
import dovetail.domain.migration.SwitchToLegacyPrimary;
import dovetail.domain.migration.SwitchToNewPrimary;
import dovetail.domain.migration.VerificationReport;
import dovetail.domain.migration.WrongMigrationMode;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.PauseSyncTask;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.migration.backfill.Backfill;
import dovetail.migration.capture.CaptureRuntime;
import dovetail.migration.legacy.LegacyProperties;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.verifier.Verifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The operator's migration steps. Cutover: refused during a backfill; drains the capture to the legacy table's end
 * (and the legacy state topic to its end offsets) and lets the legacy projection catch up, runs the verifier, refuses on drift unless forced, then records the
 * switch (which also moves the id sequence past the legacy maximum). Rollback: lets the legacy projection catch up
 * so the legacy table holds every change, then switches back. Retirement stops capture (it follows the mode) and
 * pauses the {@code things-legacy} task.
 */
@Component
class MigrationSteps {

    static final String LEGACY_TASK = "things-legacy";

    private final ObjectProvider<LegacyStore> store;
    private final ObjectProvider<CaptureRuntime> capture;
    private final Backfill backfill;
    private final Verifier verifier;
    private final MigrationState state;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final LegacyProperties properties;

    MigrationSteps(ObjectProvider<LegacyStore> store, ObjectProvider<CaptureRuntime> capture, Backfill backfill,
                   Verifier verifier, MigrationState state, CommandGateway commands, QueryGateway queries,
                   LegacyProperties properties) {
        this.store = store;
        this.capture = capture;
        this.backfill = backfill;
        this.verifier = verifier;
        this.state = state;
        this.commands = commands;
        this.queries = queries;
        this.properties = properties;
    }

    @CommandHandler
    MigrationOutcome handle(CutOver command) {
        LegacyStore legacy = store.getIfAvailable();
        if (legacy == null) {
            return new LegacyStoreNotConfigured();
        }
        MigrationMode mode = state.mode();
        if (mode != MigrationMode.LEGACY_PRIMARY) {
            return mode == MigrationMode.NEW_PRIMARY ? new MigrationAccepted(mode)
                    : new WrongMigrationMode(mode, MigrationMode.LEGACY_PRIMARY);
        }
        if ("RUNNING".equals(backfill.progress().status())) {
            return new BackfillRunning();
        }
        Duration timeout = properties.drainTimeout();
        CaptureRuntime runtime = capture.getIfAvailable();
        String notDrained = runtime == null ? null : runtime.drain(timeout);
        if (notDrained == null) {
            notDrained = awaitLegacyTask(timeout);
        }
        if (notDrained != null) {
            return new CaptureNotDrained(notDrained);
        }
        VerificationReport report = verifier.run(legacy);
        if (report.drift() && !command.force()) {
            return new DriftFound(report);
        }
        return commands.sendAndWait(new SwitchToNewPrimary(Migrations.ID, command.force(), report.counts(),
                legacy.maxId()));
    }

    @CommandHandler
    MigrationOutcome handle(RollBack command) {
        if (store.getIfAvailable() == null) {
            return new LegacyStoreNotConfigured();
        }
        MigrationMode mode = state.mode();
        if (mode != MigrationMode.NEW_PRIMARY) {
            return mode == MigrationMode.LEGACY_PRIMARY ? new MigrationAccepted(mode)
                    : new WrongMigrationMode(mode, MigrationMode.NEW_PRIMARY);
        }
        String behind = awaitLegacyTask(properties.drainTimeout());
        if (behind != null) {
            return new CaptureNotDrained(behind);
        }
        return commands.sendAndWait(new SwitchToLegacyPrimary(Migrations.ID));
    }

    @CommandHandler
    MigrationOutcome handle(RetireLegacy command) {
        if (store.getIfAvailable() == null) {
            return new LegacyStoreNotConfigured();
        }
        MigrationOutcome outcome = commands.sendAndWait(new RetireLegacyStore(Migrations.ID));
        if (outcome instanceof MigrationAccepted) {
            // nothing reads the legacy table any more: stop projecting into it (the task and its audit trail stay)
            commands.sendAndWait(new PauseSyncTask(LEGACY_TASK));
        }
        return outcome;
    }

    @CommandHandler
    MigrationOutcome handle(SeedLegacyThings command) {
        LegacyStore legacy = store.getIfAvailable();
        if (legacy == null) {
            return new LegacyStoreNotConfigured();
        }
        if (!properties.seedable()) {
            return new SeedingUnavailable("demo rows go only into the embedded legacy database of development mode");
        }
        if (command.count() < 1 || command.count() > 100_000) {
            return new SeedingUnavailable("count must be between 1 and 100000");
        }
        legacy.seed(command.count(), Instant.now());
        return new MigrationAccepted(state.mode());
    }

    /** Null once the things-legacy task has delivered every event (or does not exist), else how far behind it is. */
    private String awaitLegacyTask(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long lag = null;
        while (System.nanoTime() < deadline) {
            Optional<SyncTaskView> task = queries.query(new FindSyncTask(LEGACY_TASK),
                    ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join();
            if (task.isEmpty()) {
                return null;
            }
            lag = task.get().lagEvents();
            if (lag != null && lag == 0) {
                return null;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return "the legacy projection (" + LEGACY_TASK + ") is still " + lag + " events behind after " + timeout;
    }
}
