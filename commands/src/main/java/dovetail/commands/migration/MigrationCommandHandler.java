package dovetail.commands.migration;

import dovetail.commands.thing.ThingIdReservation;
import dovetail.domain.migration.MigrationOutcome;
import dovetail.domain.migration.Migrations;
import dovetail.domain.migration.RecordBackfillCompleted;
import dovetail.domain.migration.RecordBackfillStarted;
import dovetail.domain.migration.RecordDriftRepair;
import dovetail.domain.migration.RetireLegacyStore;
import dovetail.domain.migration.SwitchToLegacyPrimary;
import dovetail.domain.migration.SwitchToNewPrimary;
import dovetail.domain.migration.MigrationAccepted;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Applies migration steps to the one {@link Migration} aggregate, starting it (in {@code LEGACY_PRIMARY}) on the
 * first step. A cutover also moves the Thing id sequence past the legacy store's largest id, in the same command.
 */
@Component
class MigrationCommandHandler {

    private final Repository<Migration> migrations;
    private final EventStore events;
    private final ThingIdReservation ids;
    private final Clock clock;

    MigrationCommandHandler(Repository<Migration> migrations, EventStore events, ThingIdReservation ids, Clock clock) {
        this.migrations = migrations;
        this.events = events;
        this.ids = ids;
        this.clock = clock;
    }

    @CommandHandler
    MigrationOutcome handle(RecordBackfillStarted command) throws Exception {
        return onMigration(command.migrationId(), migration -> migration.startBackfill(command.legacyRows(), now()));
    }

    @CommandHandler
    MigrationOutcome handle(RecordBackfillCompleted command) throws Exception {
        return onMigration(command.migrationId(), migration -> migration.completeBackfill(command.imported(), now()));
    }

    @CommandHandler
    MigrationOutcome handle(RecordDriftRepair command) throws Exception {
        return onMigration(command.migrationId(), migration ->
                migration.recordRepair(command.mode(), command.counts(), command.repaired(), now()));
    }

    @CommandHandler
    MigrationOutcome handle(SwitchToNewPrimary command) throws Exception {
        MigrationOutcome outcome = onMigration(command.migrationId(), migration ->
                migration.cutOver(command.force(), command.drift(), command.legacyMaxId(), now()));
        if (outcome instanceof MigrationAccepted && command.legacyMaxId() != null) {
            ids.advancePast(command.legacyMaxId());
        }
        return outcome;
    }

    @CommandHandler
    MigrationOutcome handle(SwitchToLegacyPrimary command) throws Exception {
        return onMigration(command.migrationId(), migration -> migration.rollBack(now()));
    }

    @CommandHandler
    MigrationOutcome handle(RetireLegacyStore command) throws Exception {
        return onMigration(command.migrationId(), migration -> migration.retire(now()));
    }

    private MigrationOutcome onMigration(String id, Function<Migration, MigrationOutcome> step) throws Exception {
        if (!Migrations.ID.equals(id)) {
            throw new IllegalArgumentException("There is one migration, " + Migrations.ID + ", not " + id);
        }
        if (!hasHistory(id)) {
            Aggregate<Migration> started = migrations.newInstance(() -> new Migration(id, now()));
            return started.invoke(step);
        }
        return migrations.load(id).invoke(step);
    }

    private boolean hasHistory(String id) {
        try {
            return events.lastSequenceNumberFor(id).isPresent();
        } catch (AggregateNotFoundException noStream) {
            return false;
        }
    }

    private Instant now() {
        return Instant.now(clock);
    }
}
