package dovetail.migration.repair;

import dovetail.domain.migration.BackfillRunning;
import dovetail.domain.migration.DriftKind;
import dovetail.domain.migration.DriftRepairCounts;
import dovetail.domain.migration.DriftRepairOutcome;
import dovetail.domain.migration.DriftRepairReport;
import dovetail.domain.migration.DriftRepairResult;
import dovetail.domain.migration.DriftRepairRow;
import dovetail.domain.migration.DriftRow;
import dovetail.domain.migration.InvalidRepair;
import dovetail.domain.migration.LegacyStoreNotConfigured;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.migration.Migrations;
import dovetail.domain.migration.NoVerifierReport;
import dovetail.domain.migration.RecordDriftRepair;
import dovetail.domain.migration.RepairDrift;
import dovetail.domain.migration.VerificationReport;
import dovetail.domain.migration.WrongMigrationMode;
import dovetail.domain.thing.Problem;
import dovetail.migration.backfill.Backfill;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.steps.MigrationState;
import dovetail.migration.verifier.Verifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Repairs the rows the verifier's last report lists, in id order, up to a limit: each from the side that is primary,
 * after reading both sides again ({@link RowRepair}), and records the repair in the migration's history with the
 * ids it repaired. A dry run reads the same way and says what it would do, changing nothing. Refused once the legacy
 * store is retired, and (unless a dry run) while a backfill runs, which is bringing those rows in anyway.
 */
@Component
class DriftRepair implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DriftRepair.class);

    private final ObjectProvider<LegacyStore> store;
    private final Verifier verifier;
    private final MigrationState state;
    private final Backfill backfill;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final MeterRegistry meters;
    /*
     * A command sent from inside a command handler joins that handler's unit of work: its events would be stored
     * (and the read model updated) only when the repair as a whole commits, and one conflict would undo every row.
     * The rows are repaired off the handler's thread, so that each one's command is a transaction of its own.
     */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "migration-drift-repair");
        thread.setDaemon(true);
        return thread;
    });

    DriftRepair(ObjectProvider<LegacyStore> store, Verifier verifier, MigrationState state, Backfill backfill,
                CommandGateway commands, QueryGateway queries, MeterRegistry meters) {
        this.store = store;
        this.verifier = verifier;
        this.state = state;
        this.backfill = backfill;
        this.commands = commands;
        this.queries = queries;
        this.meters = meters;
    }

    @CommandHandler
    DriftRepairOutcome handle(RepairDrift command) {
        if (command.limit() < 1 || command.limit() > RepairDrift.MAX_LIMIT) {
            return new InvalidRepair(List.of(new Problem("limit", "must be between 1 and " + RepairDrift.MAX_LIMIT
                                                                  + "; it is " + command.limit())));
        }
        LegacyStore legacy = store.getIfAvailable();
        if (legacy == null) {
            return new LegacyStoreNotConfigured();
        }
        MigrationMode mode = state.mode();
        if (mode == MigrationMode.LEGACY_RETIRED) {
            return new WrongMigrationMode(mode, MigrationMode.NEW_PRIMARY);
        }
        if (!command.dryRun() && "RUNNING".equals(backfill.progress().status())) {
            return new BackfillRunning();
        }
        Optional<VerificationReport> report = verifier.last();
        if (report.isEmpty()) {
            return new NoVerifierReport();
        }
        RowRepair rows = new RowRepair(legacy, commands, queries);
        return CompletableFuture.supplyAsync(() -> repair(rows, mode, report.get(), command), worker).join();
    }

    private DriftRepairReport repair(RowRepair repair, MigrationMode mode, VerificationReport report,
                                     RepairDrift command) {
        List<DriftRow> listed = report.samples().subList(0, Math.min(command.limit(), report.samples().size()));
        List<DriftRepairRow> rows = listed.stream().map(row -> repair.repair(row, mode, command.dryRun())).toList();
        DriftRepairCounts counts = count(rows);
        if (!command.dryRun() && !rows.isEmpty()) {
            rows.forEach(row -> Counter.builder("dovetail.migration.drift.repairs")
                    .description("Drifting rows the repair took on, by kind and result")
                    .tag("kind", row.kind().name().toLowerCase()).tag("result", row.result().name().toLowerCase())
                    .register(meters).increment());
            List<String> repaired = rows.stream().filter(row -> row.result() == DriftRepairResult.REPAIRED)
                                        .map(DriftRepairRow::id).toList();
            commands.sendAndWait(new RecordDriftRepair(Migrations.ID, mode, counts, repaired));
            log.info("Drift repaired from {}: {} rows repaired, {} skipped, {} failed", mode, counts.repaired(),
                    counts.skipped(), counts.failed());
        }
        return new DriftRepairReport(command.dryRun(), mode, report.at(), counts, rows,
                Math.max(0, report.counts().total() - listed.size()));
    }

    /** Per kind: the rows repaired, or in a dry run those a repair would repair. */
    private static DriftRepairCounts count(List<DriftRepairRow> rows) {
        Map<DriftKind, Long> byKind = new EnumMap<>(DriftKind.class);
        long skipped = 0;
        long failed = 0;
        for (DriftRepairRow row : rows) {
            switch (row.result()) {
                case REPAIRED, PLANNED -> byKind.merge(row.kind(), 1L, Long::sum);
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
            }
        }
        return new DriftRepairCounts(byKind.getOrDefault(DriftKind.MISSING_IN_NEW, 0L),
                byKind.getOrDefault(DriftKind.MISSING_IN_LEGACY, 0L), byKind.getOrDefault(DriftKind.STALE, 0L),
                byKind.getOrDefault(DriftKind.DIFFERENT, 0L), skipped, failed);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
