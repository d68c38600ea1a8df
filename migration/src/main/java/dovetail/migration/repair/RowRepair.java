package dovetail.migration.repair;

import static dovetail.domain.migration.DriftRepairResult.FAILED;
import static dovetail.domain.migration.DriftRepairResult.PLANNED;
import static dovetail.domain.migration.DriftRepairResult.REPAIRED;
import static dovetail.domain.migration.DriftRepairResult.SKIPPED;

import dovetail.domain.migration.DriftRepairAction;
import dovetail.domain.migration.DriftRepairResult;
import dovetail.domain.migration.DriftRepairRow;
import dovetail.domain.migration.DriftRow;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.domain.thing.VersionConflict;
import dovetail.migration.legacy.LegacyRow;
import dovetail.migration.legacy.LegacyStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs one reported row from the side that is primary, after reading both sides again: a row whose versions
 * moved since the verifier ran is left alone (someone changed it; the next verifier run judges it afresh), and one
 * whose sides agree by now needs nothing.
 * <p>
 * Legacy primary: commands make the event store hold the legacy row. An import (the path capture takes) where
 * Dovetail has no Thing or an older version; an update with the legacy name and foo where Dovetail is at the same
 * or a newer version, since an import at or below the version held changes nothing (things-legacy then writes the
 * new version back); a deletion where the legacy row is gone.
 * <p>
 * Dovetail primary: the legacy sink's version-guarded writes send the Thing's state, or its absence, to the legacy
 * table. A row never goes back a version, so where the legacy row is at the Thing's version or past it (a legacy
 * write capture refused, say) the state is written at the version after the legacy row's and then imported from
 * there, as capture would import it, so that the event store holds that version too.
 * <p>
 * Every write is compare-and-set against the versions read here, so a change made in between is not overwritten:
 * commands carry the expected version, imports apply only above the version held, and legacy writes apply only
 * below the version they write.
 */
final class RowRepair {

    private static final Logger log = LoggerFactory.getLogger(RowRepair.class);
    private static final int WRITE_TIMEOUT_SECONDS = 30;

    private final LegacyStore legacy;
    private final CommandGateway commands;
    private final QueryGateway queries;

    RowRepair(LegacyStore legacy, CommandGateway commands, QueryGateway queries) {
        this.legacy = legacy;
        this.commands = commands;
        this.queries = queries;
    }

    /** What the repair of one row does now, as a sentence, and the doing of it. */
    private record Plan(DriftRepairAction action, String sentence, Supplier<Done> run) {
    }

    private record Done(DriftRepairResult result, String detail) {
    }

    /** Both sides of one id as they are now; null where a side has no row. */
    private record Sides(long id, LegacyRow legacy, ThingView thing) {

        Long legacyVersion() {
            return legacy == null ? null : legacy.version();
        }

        Long newVersion() {
            return thing == null ? null : thing.version();
        }

        boolean agree() {
            if (legacy == null || thing == null) {
                return legacy == null && thing == null;
            }
            LegacyRow ours = LegacyRow.of(thing);
            return legacy.version() == ours.version() && legacy.contentHash() == ours.contentHash();
        }
    }

    DriftRepairRow repair(DriftRow reported, MigrationMode mode, boolean dryRun) {
        Sides now = read(Long.parseLong(reported.id()));
        if (!Objects.equals(now.legacyVersion(), reported.legacyVersion())
            || !Objects.equals(now.newVersion(), reported.newVersion())) {
            return row(reported, DriftRepairAction.NONE, new Done(SKIPPED, "changed since the verifier ran: the "
                    + "legacy store holds " + version(now.legacyVersion()) + " now, Dovetail " + version(now.newVersion())));
        }
        if (now.agree()) {
            return row(reported, DriftRepairAction.NONE, new Done(SKIPPED, "both sides agree by now"));
        }
        Plan plan = mode == MigrationMode.NEW_PRIMARY ? fromDovetail(now) : fromLegacy(now);
        if (dryRun) {
            return row(reported, plan.action(), new Done(PLANNED, plan.sentence()));
        }
        try {
            return row(reported, plan.action(), plan.run().get());
        } catch (RuntimeException failed) {
            log.warn("Repairing drifting row {} ({}) failed", reported.id(), plan.sentence(), failed);
            return row(reported, plan.action(), new Done(FAILED, plan.sentence() + " failed: " + failed.getMessage()));
        }
    }

    private Sides read(long id) {
        ThingView thing = queries.query(new FindThing(Long.toString(id)),
                ResponseTypes.optionalInstanceOf(ThingView.class)).join().orElse(null);
        return new Sides(id, legacy.find(id).orElse(null), thing);
    }

    private Plan fromLegacy(Sides now) {
        String id = Long.toString(now.id());
        LegacyRow row = now.legacy();
        if (row == null) {
            long version = now.thing().version();
            return new Plan(DriftRepairAction.DELETE_IN_NEW, "delete Thing " + id + " at version " + version
                    + ": the legacy store has no row", () -> applied(commands.sendAndWait(new DeleteThing(id, version)),
                    "deleted in Dovetail"));
        }
        if (now.thing() == null || row.version() > now.thing().version()) {
            return new Plan(DriftRepairAction.IMPORT_INTO_NEW, "import legacy row " + id + " at version "
                    + row.version() + " into Dovetail", () -> imported(commands.sendAndWait(row.toImport())));
        }
        long version = now.thing().version();
        return new Plan(DriftRepairAction.UPDATE_IN_NEW, "update Thing " + id + " from version " + version + " to "
                + (version + 1) + " with the legacy row's name and foo; things-legacy writes that version back",
                () -> applied(commands.sendAndWait(new UpdateThing(id, row.name(), (double) row.foo(), version)),
                        "updated in Dovetail to version " + (version + 1)));
    }

    private Plan fromDovetail(Sides now) {
        long id = now.id();
        if (now.thing() == null) {
            long version = now.legacy().version();
            return new Plan(DriftRepairAction.DELETE_FROM_LEGACY, "delete legacy row " + id + " at version " + version
                    + ": Dovetail has no Thing " + id, () -> {
                        // deletes only a row at this version or below: one changed in between stays
                        legacy.delete(List.of(new long[] {id, version + 1}), WRITE_TIMEOUT_SECONDS);
                        return legacy.find(id).isEmpty() ? new Done(REPAIRED, "deleted from the legacy table")
                                : new Done(SKIPPED, "the legacy row changed meanwhile");
                    });
        }
        LegacyRow state = LegacyRow.of(now.thing());
        if (now.legacy() == null || state.version() > now.legacy().version()) {
            return new Plan(DriftRepairAction.WRITE_TO_LEGACY, "write Thing " + id + " at version " + state.version()
                    + " to the legacy table", () -> written(state));
        }
        LegacyRow past = state.atVersion(now.legacy().version() + 1);
        return new Plan(DriftRepairAction.WRITE_TO_LEGACY, "write Thing " + id + "'s state to the legacy table at "
                + "version " + past.version() + ", past the legacy row's (a row never goes back), and import it from "
                + "there, so that Dovetail holds that version too", () -> {
                    Done written = written(past);
                    if (written.result() != REPAIRED) {
                        return written;
                    }
                    ThingOutcome outcome = commands.sendAndWait(past.toImport());
                    // capture may import the row first: then the import finds that version held, as it should
                    return outcome instanceof ThingAccepted accepted && accepted.thing().version() == past.version()
                            ? new Done(REPAIRED, "written to the legacy table and imported into Dovetail at version "
                                                 + past.version())
                            : imported(outcome);
                });
    }

    /** Written through the sink's upsert, which applies only over an older version; read back to tell. */
    private Done written(LegacyRow row) {
        legacy.upsert(List.of(row), WRITE_TIMEOUT_SECONDS);
        LegacyRow after = legacy.find(row.id()).orElse(null);
        return after != null && after.version() == row.version() && after.contentHash() == row.contentHash()
                ? new Done(REPAIRED, "written to the legacy table at version " + row.version())
                : new Done(SKIPPED, "the legacy row changed meanwhile");
    }

    private static Done imported(ThingOutcome outcome) {
        if (outcome instanceof ThingAccepted accepted) {
            return accepted.changed() ? new Done(REPAIRED, "Dovetail imported version " + accepted.thing().version())
                    : new Done(SKIPPED, "Dovetail holds that version by now");
        }
        if (outcome instanceof ThingNotFound) {
            return new Done(FAILED, "Dovetail has deleted or erased this Thing, and an import never brings it back");
        }
        return refused(outcome);
    }

    private static Done applied(ThingOutcome outcome, String done) {
        if (outcome instanceof ThingAccepted) {
            return new Done(REPAIRED, done);
        }
        if (outcome instanceof VersionConflict || outcome instanceof ThingNotFound) {
            return new Done(SKIPPED, "the Thing changed meanwhile");
        }
        return refused(outcome);
    }

    private static Done refused(ThingOutcome outcome) {
        if (outcome instanceof InvalidInput invalid) {
            return new Done(FAILED, "the Thing rules refuse the legacy row: " + invalid.problems().stream()
                    .map(problem -> problem.field() + " " + problem.message()).collect(Collectors.joining("; ")));
        }
        return new Done(FAILED, String.valueOf(outcome));
    }

    private static DriftRepairRow row(DriftRow reported, DriftRepairAction action, Done done) {
        return new DriftRepairRow(reported.id(), reported.kind(), action, done.result(), reported.legacyVersion(),
                reported.newVersion(), done.detail());
    }

    private static String version(Long version) {
        return version == null ? "no row" : "version " + version;
    }
}
