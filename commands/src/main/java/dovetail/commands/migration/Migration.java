package dovetail.commands.migration;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dovetail.domain.migration.DriftCounts;
import dovetail.domain.migration.DriftFound;
import dovetail.domain.migration.DriftRepairCounts;
import dovetail.domain.migration.MigrationAccepted;
import dovetail.domain.migration.MigrationBackfillCompleted;
import dovetail.domain.migration.MigrationBackfillStarted;
import dovetail.domain.migration.MigrationCutOver;
import dovetail.domain.migration.MigrationDriftRepaired;
import dovetail.domain.migration.MigrationLegacyRetired;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.migration.MigrationOutcome;
import dovetail.domain.migration.MigrationRolledBack;
import dovetail.domain.migration.MigrationStarted;
import dovetail.domain.migration.VerificationReport;
import dovetail.domain.migration.WrongMigrationMode;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The migration's mode and history. Its event stream is the audit trail of every backfill, drift repair, cutover,
 * rollback and retirement; the mode moves {@code LEGACY_PRIMARY} → {@code NEW_PRIMARY} (and back) → {@code LEGACY_RETIRED}.
 */
@Aggregate
class Migration {

    @AggregateIdentifier
    private String id;
    private MigrationMode mode;

    Migration() {
        // for Axon's event sourcing
    }

    Migration(String id, Instant now) {
        apply(new MigrationStarted(id, now));
    }

    MigrationOutcome startBackfill(long legacyRows, Instant now) {
        if (mode != MigrationMode.LEGACY_PRIMARY) {
            return new WrongMigrationMode(mode, MigrationMode.LEGACY_PRIMARY);
        }
        apply(new MigrationBackfillStarted(id, legacyRows, now));
        return accepted();
    }

    MigrationOutcome completeBackfill(long imported, Instant now) {
        apply(new MigrationBackfillCompleted(id, imported, now));
        return accepted();
    }

    MigrationOutcome cutOver(boolean force, DriftCounts drift, Long legacyMaxId, Instant now) {
        if (mode != MigrationMode.LEGACY_PRIMARY) {
            return mode == MigrationMode.NEW_PRIMARY ? accepted() : new WrongMigrationMode(mode, MigrationMode.LEGACY_PRIMARY);
        }
        if (drift.total() > 0 && !force) {
            return new DriftFound(new VerificationReport(now, 0, drift, List.of()));
        }
        apply(new MigrationCutOver(id, force && drift.total() > 0, drift, legacyMaxId, now));
        return accepted();
    }

    /** The repair has been made by the time it is recorded: it is recorded as made, whatever the mode is now. */
    MigrationOutcome recordRepair(MigrationMode primary, DriftRepairCounts counts, List<String> repaired, Instant now) {
        apply(new MigrationDriftRepaired(id, primary, counts, repaired, now));
        return accepted();
    }

    MigrationOutcome rollBack(Instant now) {
        if (mode != MigrationMode.NEW_PRIMARY) {
            return mode == MigrationMode.LEGACY_PRIMARY ? accepted() : new WrongMigrationMode(mode, MigrationMode.NEW_PRIMARY);
        }
        apply(new MigrationRolledBack(id, now));
        return accepted();
    }

    MigrationOutcome retire(Instant now) {
        if (mode != MigrationMode.NEW_PRIMARY) {
            return mode == MigrationMode.LEGACY_RETIRED ? accepted() : new WrongMigrationMode(mode, MigrationMode.NEW_PRIMARY);
        }
        apply(new MigrationLegacyRetired(id, now));
        return accepted();
    }

    MigrationAccepted accepted() {
        return new MigrationAccepted(mode);
    }

    @EventSourcingHandler
    void on(MigrationStarted event) {
        id = event.migrationId();
        mode = MigrationMode.LEGACY_PRIMARY;
    }

    @EventSourcingHandler
    void on(MigrationCutOver event) {
        mode = MigrationMode.NEW_PRIMARY;
    }

    @EventSourcingHandler
    void on(MigrationRolledBack event) {
        mode = MigrationMode.LEGACY_PRIMARY;
    }

    @EventSourcingHandler
    void on(MigrationLegacyRetired event) {
        mode = MigrationMode.LEGACY_RETIRED;
    }
}
