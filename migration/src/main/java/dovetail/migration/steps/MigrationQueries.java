package dovetail.migration.steps;

import dovetail.domain.migration.FindMigration;
import dovetail.domain.migration.DriftRepairCounts;
import dovetail.domain.migration.MigrationBackfillCompleted;
import dovetail.domain.migration.MigrationBackfillStarted;
import dovetail.domain.migration.MigrationChange;
import dovetail.domain.migration.MigrationCutOver;
import dovetail.domain.migration.MigrationDriftRepaired;
import dovetail.domain.migration.MigrationHistory;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.migration.MigrationView;
import dovetail.domain.migration.Migrations;
import dovetail.migration.backfill.Backfill;
import dovetail.migration.capture.CaptureRuntime;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.verifier.Verifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Answers the migration's state and its audit trail (the Migration aggregate's own events). */
@Component
class MigrationQueries {

    /** Repaired ids a history entry names; the event holds them all. */
    private static final int SHOWN_IDS = 20;

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
        if (event instanceof MigrationDriftRepaired repaired) {
            return repairDetail(repaired);
        }
        return null;
    }

    /** E.g. {@code from the legacy store: 2 repaired (stale 1, different 1), 1 skipped, 0 failed; ids 7, 9}. */
    private static String repairDetail(MigrationDriftRepaired repaired) {
        DriftRepairCounts c = repaired.counts();
        Map<String, Long> byKind = new LinkedHashMap<>();
        byKind.put("missing in Dovetail", c.missingInNew());
        byKind.put("missing in legacy", c.missingInLegacy());
        byKind.put("stale", c.stale());
        byKind.put("different", c.different());
        String kinds = byKind.entrySet().stream().filter(kind -> kind.getValue() > 0)
                             .map(kind -> kind.getKey() + " " + kind.getValue()).collect(Collectors.joining(", "));
        List<String> ids = repaired.repaired();
        String named = ids.isEmpty() ? "" : "; ids " + String.join(", ", ids.subList(0, Math.min(ids.size(), SHOWN_IDS)))
                                           + (ids.size() > SHOWN_IDS ? " and " + (ids.size() - SHOWN_IDS) + " more" : "");
        return (repaired.mode() == MigrationMode.NEW_PRIMARY ? "from Dovetail: " : "from the legacy store: ")
               + c.repaired() + " repaired" + (kinds.isEmpty() ? "" : " (" + kinds + ")") + ", " + c.skipped()
               + " skipped, " + c.failed() + " failed" + named;
    }
}
