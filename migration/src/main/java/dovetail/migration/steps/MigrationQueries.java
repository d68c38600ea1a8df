package dovetail.migration.steps;

import dovetail.domain.migration.FindMigration;
import dovetail.domain.migration.MigrationBackfillCompleted;
import dovetail.domain.migration.MigrationBackfillStarted;
import dovetail.domain.migration.MigrationChange;
import dovetail.domain.migration.MigrationCutOver;
import dovetail.domain.migration.MigrationHistory;
import dovetail.domain.migration.MigrationView;
import dovetail.domain.migration.Migrations;
import dovetail.migration.backfill.Backfill;
import dovetail.migration.capture.CaptureRuntime;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.verifier.Verifier;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Answers the migration's state and its audit trail (the Migration aggregate's own events). */
@Component
class MigrationQueries {

    private final ObjectProvider<LegacyStore> store;
    private final ObjectProvider<CaptureRuntime> capture;
    private final MigrationState state;
    private final Backfill backfill;
    private final Verifier verifier;
    private final EventStore events;

    MigrationQueries(ObjectProvider<LegacyStore> store, ObjectProvider<CaptureRuntime> capture, MigrationState state,
                     Backfill backfill, Verifier verifier, EventStore events) {
        this.store = store;
        this.capture = capture;
        this.state = state;
        this.backfill = backfill;
        this.verifier = verifier;
        this.events = events;
    }

    @QueryHandler
    MigrationView handle(FindMigration query) {
        MigrationState.Mode mode = state.current();
        CaptureRuntime runtime = capture.getIfAvailable();
        return new MigrationView(store.getIfAvailable() != null, mode.mode(), mode.since(), backfill.progress(),
                runtime == null ? List.of() : runtime.statuses(), verifier.last().orElse(null));
    }

    @QueryHandler
    List<MigrationChange> handle(MigrationHistory query) {
        try {
            return events.readEvents(Migrations.ID).asStream().map(event -> new MigrationChange(
                    event.getPayloadType().getSimpleName(), event.getTimestamp(), detail(event.getPayload()))).toList();
        } catch (AggregateNotFoundException none) {
            return List.of();
        }
    }

    private static String detail(Object event) {
        if (event instanceof MigrationBackfillStarted started) {
            return started.legacyRows() + " legacy rows";
        }
        if (event instanceof MigrationBackfillCompleted completed) {
            return completed.imported() + " rows imported";
        }
        if (event instanceof MigrationCutOver cutOver) {
            return (cutOver.forced() ? "forced over " + cutOver.drift().total() + " drifting rows; " : "no drift; ")
                   + "new ids after " + cutOver.legacyMaxId();
        }
        return null;
    }
}
