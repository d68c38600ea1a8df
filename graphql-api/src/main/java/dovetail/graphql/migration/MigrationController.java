package dovetail.graphql.migration;

import dovetail.domain.migration.CaptureStatus;
import dovetail.domain.migration.CutOver;
import dovetail.domain.migration.DriftRepairOutcome;
import dovetail.domain.migration.FindMigration;
import dovetail.domain.migration.MigrationAccepted;
import dovetail.domain.migration.MigrationChange;
import dovetail.domain.migration.MigrationHistory;
import dovetail.domain.migration.MigrationOutcome;
import dovetail.domain.migration.MigrationView;
import dovetail.domain.migration.RepairDrift;
import dovetail.domain.migration.RetireLegacy;
import dovetail.domain.migration.RollBack;
import dovetail.domain.migration.SeedLegacyThings;
import dovetail.domain.migration.StartBackfill;
import dovetail.domain.migration.VerificationOutcome;
import dovetail.domain.migration.VerifyMigration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The migration's state and steps; a step answers the migration as it stands after it, or the refusal. */
@Controller
class MigrationController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    MigrationController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @QueryMapping
    CompletableFuture<MigrationView> migration() {
        return queries.query(new FindMigration(), ResponseTypes.instanceOf(MigrationView.class));
    }

    @SchemaMapping(typeName = "Migration")
    CompletableFuture<List<MigrationChange>> history(MigrationView migration) {
        return queries.query(new MigrationHistory(), ResponseTypes.multipleInstancesOf(MigrationChange.class));
    }

    @MutationMapping
    CompletableFuture<Object> startBackfill() {
        return send(new StartBackfill());
    }

    @MutationMapping
    CompletableFuture<VerificationOutcome> verifyMigration() {
        return queries.query(new VerifyMigration(), ResponseTypes.instanceOf(VerificationOutcome.class));
    }

    @MutationMapping
    CompletableFuture<Object> cutOver(@Argument boolean force) {
        return send(new CutOver(force));
    }

    @MutationMapping
    CompletableFuture<DriftRepairOutcome> repairDrift(@Argument Boolean dryRun, @Argument Integer limit) {
        return commands.send(new RepairDrift(Boolean.TRUE.equals(dryRun), limit == null ? RepairDrift.DEFAULT_LIMIT : limit));
    }

    @MutationMapping
    CompletableFuture<Object> rollBack() {
        return send(new RollBack());
    }

    @MutationMapping
    CompletableFuture<Object> retireLegacy() {
        return send(new RetireLegacy());
    }

    @MutationMapping
    CompletableFuture<Object> seedLegacyThings(@Argument int count) {
        return send(new SeedLegacyThings(count));
    }

    @SchemaMapping(typeName = "CaptureStatus")
    Long lagMillis(CaptureStatus capture) {
        return capture.lagMillis() == null ? null : Math.round(capture.lagMillis());
    }

    private CompletableFuture<Object> send(Object command) {
        return commands.<MigrationOutcome>send(command).thenCompose(outcome -> outcome instanceof MigrationAccepted
                ? migration().thenApply(Object.class::cast)
                : CompletableFuture.completedFuture(outcome));
    }
}
