package dovetail.functions.synctask;

import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.ListSyncTasks;
import dovetail.domain.synctask.PauseSyncTask;
import dovetail.domain.synctask.ReconfigureSyncTask;
import dovetail.domain.synctask.ResumeSyncTask;
import dovetail.domain.synctask.StartFullSync;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskError;
import dovetail.domain.synctask.SyncTaskNotFound;
import dovetail.domain.synctask.SyncTaskOutcome;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.thing.Problem;
import dovetail.functions.reply.Replies;
import dovetail.functions.reply.Reply;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code syncTaskControl}: one function for a task's lifecycle; a change answers the task as it stands after it. */
@Configuration(proxyBeanMethods = false)
public class SyncTaskFunctions {

    @Bean
    public Function<SyncTaskControlRequest, Reply> syncTaskControl(CommandGateway commands, QueryGateway queries) {
        return request -> {
            Optional<SyncTaskControlRequest.Action> action =
                    request == null ? Optional.empty() : request.requestedAction();
            if (action.isEmpty()) {
                return Reply.InvalidInput.of(List.of(new Problem("action",
                        "must be one of " + String.join(", ", SyncTaskControlRequest.Action.NAMES))));
            }
            return switch (action.get()) {
                case LIST -> new Reply.SyncTasks(queries.query(new ListSyncTasks(null),
                        ResponseTypes.multipleInstancesOf(SyncTaskView.class)).join().stream().map(Replies::of).toList());
                case GET -> find(queries, request.id()).<Reply>map(Replies::of)
                        .orElseGet(() -> Replies.of(new SyncTaskNotFound(request.id())));
                case CREATE -> send(commands, queries, new CreateSyncTask(request.id(), request.definition()));
                case UPDATE -> send(commands, queries, new ReconfigureSyncTask(request.id(), request.definition()));
                case PAUSE -> send(commands, queries, new PauseSyncTask(request.id()));
                case RESUME -> send(commands, queries, new ResumeSyncTask(request.id()));
                case FULL_SYNC -> send(commands, queries, new StartFullSync(request.id()));
                case DELETE -> deleted(commands.<SyncTaskOutcome>send(
                        new DeleteSyncTask(request.id(), Boolean.TRUE.equals(request.force()))).join());
            };
        };
    }

    private static Reply send(CommandGateway commands, QueryGateway queries, Object command) {
        SyncTaskOutcome outcome = commands.<SyncTaskOutcome>send(command).join();
        if (outcome instanceof SyncTaskAccepted accepted) {
            return find(queries, accepted.id()).<Reply>map(Replies::of).orElseGet(() -> new Reply.SyncTask(
                    accepted.id(), accepted.status(), accepted.definition(), null, null, null, null, null, null, 0, 0, 0));
        }
        return Replies.of((SyncTaskError) outcome);
    }

    private static Reply deleted(SyncTaskOutcome outcome) {
        if (outcome instanceof SyncTaskAccepted accepted) {
            return new Reply.SyncTask(accepted.id(), SyncTaskStatus.DELETED, accepted.definition(), null, null, null,
                    null, null, null, 0, 0, 0);
        }
        return Replies.of((SyncTaskError) outcome);
    }

    private static Optional<SyncTaskView> find(QueryGateway queries, String id) {
        return queries.query(new FindSyncTask(id), ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join();
    }
}
