package dovetail.graphql.synctask;

import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.FindSyncTaskTargets;
import dovetail.domain.synctask.FullSyncProgress;
import dovetail.domain.synctask.SyncTaskTargetView;
import dovetail.domain.synctask.ListSyncTasks;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.PauseSyncTask;
import dovetail.domain.synctask.ReconfigureSyncTask;
import dovetail.domain.synctask.ResumeSyncTask;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.StartFullSync;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskChange;
import dovetail.domain.synctask.SyncTaskHistory;
import dovetail.domain.synctask.SyncTaskOutcome;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.synctask.TaskOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Sync task queries and mutations; a mutation answers the task as it stands after the change, or the refusal. */
@Controller
class SyncTaskController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    SyncTaskController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @QueryMapping
    CompletableFuture<List<SyncTaskView>> syncTasks(@Argument SyncTaskStatus status) {
        return queries.query(new ListSyncTasks(status), ResponseTypes.multipleInstancesOf(SyncTaskView.class));
    }

    @QueryMapping
    CompletableFuture<SyncTaskView> syncTask(@Argument String id) {
        return find(id);
    }

    @MutationMapping
    CompletableFuture<Object> createSyncTask(@Argument SyncTaskInput input) {
        return send(new CreateSyncTask(input.id(), input.definition()));
    }

    @MutationMapping
    CompletableFuture<Object> updateSyncTask(@Argument SyncTaskInput input) {
        return send(new ReconfigureSyncTask(input.id(), input.definition()));
    }

    @MutationMapping
    CompletableFuture<Object> deleteSyncTask(@Argument String id, @Argument boolean force) {
        return commands.<SyncTaskOutcome>send(new DeleteSyncTask(id, force)).thenApply(outcome ->
                outcome instanceof SyncTaskAccepted accepted
                        ? new SyncTaskView(accepted.id(), accepted.definition(), SyncTaskStatus.DELETED, null, null,
                                null, null, null, null, null, Map.of(), 0, 0, 0, null, null, null, null, 0)
                        : outcome);
    }

    @MutationMapping
    CompletableFuture<Object> pauseSyncTask(@Argument String id) {
        return send(new PauseSyncTask(id));
    }

    @MutationMapping
    CompletableFuture<Object> resumeSyncTask(@Argument String id) {
        return send(new ResumeSyncTask(id));
    }

    @MutationMapping
    CompletableFuture<Object> fullSyncTask(@Argument String id) {
        return send(new StartFullSync(id));
    }

    @MutationMapping
    CompletableFuture<List<Object>> fullSyncAllTasks() {
        return queries.query(new ListSyncTasks(null), ResponseTypes.multipleInstancesOf(SyncTaskView.class))
                      .thenCompose(tasks -> {
                          List<CompletableFuture<Object>> started = tasks.stream().map(SyncTaskView::id).sorted()
                                  .map(id -> send(new StartFullSync(id))).toList();
                          return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                                  .thenApply(all -> started.stream().map(CompletableFuture::join).toList());
                      });
    }

    @SchemaMapping(typeName = "SyncTask")
    CompletableFuture<List<SyncTaskTargetView>> targets(SyncTaskView task) {
        return queries.query(new FindSyncTaskTargets(task.id()),
                ResponseTypes.multipleInstancesOf(SyncTaskTargetView.class));
    }

    @SchemaMapping(typeName = "SyncTask")
    Long lagMillis(SyncTaskView task) {
        return task.lagSeconds() == null ? null : Math.round(task.lagSeconds() * 1000);
    }

    /** The field's name before {@code fullSync}; deprecated in the schema, answered from the same progress. */
    @SchemaMapping(typeName = "SyncTask")
    FullSyncProgress rebuild(SyncTaskView task) {
        return task.fullSync();
    }

    @SchemaMapping(typeName = "FullSyncProgress")
    double rate(FullSyncProgress progress) {
        return progress.ratePerSecond();
    }

    @SchemaMapping(typeName = "FullSyncProgress")
    Integer etaSeconds(FullSyncProgress progress) {
        return progress.etaSeconds() == null ? null
                : (int) Math.min(Integer.MAX_VALUE, Math.ceil(progress.etaSeconds()));
    }

    @SchemaMapping(typeName = "SyncTask")
    SinkSpec sink(SyncTaskView task) {
        return task.definition().sink();
    }

    // definitions recorded before topologies existed hold none: one index on the default instance
    @SchemaMapping(typeName = "MeilisearchSink")
    MeilisearchTopology topology(MeilisearchSinkSpec sink) {
        return SyncTaskRules.topologyOf(sink);
    }

    @SchemaMapping(typeName = "MeilisearchSink")
    List<String> instances(MeilisearchSinkSpec sink) {
        return SyncTaskRules.instancesOf(sink);
    }

    @SchemaMapping(typeName = "SyncTask")
    FilterSpec filter(SyncTaskView task) {
        return task.definition().filter();
    }

    @SchemaMapping(typeName = "SyncTask")
    List<FieldTransform> transform(SyncTaskView task) {
        return task.definition().transform();
    }

    @SchemaMapping(typeName = "SyncTask")
    TaskOptions options(SyncTaskView task) {
        return task.definition().options();
    }

    @SchemaMapping(typeName = "SyncTask")
    List<Map<String, Object>> countsByEventType(SyncTaskView task) {
        return task.countsByEventType().entrySet().stream()
                   .map(count -> Map.<String, Object>of("eventType", count.getKey(), "count", count.getValue()))
                   .toList();
    }

    @SchemaMapping(typeName = "SyncTask")
    Map<String, Integer> latency(SyncTaskView task) {
        Map<String, Integer> latency = new java.util.HashMap<>();
        latency.put("p50", wholeMillis(task.latencyP50Millis()));
        latency.put("p95", wholeMillis(task.latencyP95Millis()));
        latency.put("p99", wholeMillis(task.latencyP99Millis()));
        return latency;
    }

    private static Integer wholeMillis(Double millis) {
        return millis == null ? null : (int) Math.min(Integer.MAX_VALUE, Math.round(millis));
    }

    @SchemaMapping(typeName = "SyncTask")
    double throughput(SyncTaskView task) {
        return task.throughputPerSecond();
    }

    @SchemaMapping(typeName = "SyncTask")
    CompletableFuture<List<SyncTaskChange>> history(SyncTaskView task) {
        return queries.query(new SyncTaskHistory(task.id()), ResponseTypes.multipleInstancesOf(SyncTaskChange.class));
    }

    private CompletableFuture<Object> send(Object command) {
        return commands.<SyncTaskOutcome>send(command).thenCompose(outcome ->
                outcome instanceof SyncTaskAccepted accepted
                        ? find(accepted.id()).thenApply(Object.class::cast)
                        : CompletableFuture.completedFuture(outcome));
    }

    private CompletableFuture<SyncTaskView> find(String id) {
        return queries.query(new FindSyncTask(id), ResponseTypes.optionalInstanceOf(SyncTaskView.class))
                      .thenApply(found -> found.orElse(null));
    }
}
