package dovetail.commands.synctask;

import dovetail.domain.synctask.AllowedWebhookHosts;
import dovetail.domain.synctask.CompleteFullSync;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.KnownMeilisearchInstances;
import dovetail.domain.synctask.MarkFullSyncCaughtUp;
import dovetail.domain.synctask.PauseSyncTask;
import dovetail.domain.synctask.ReconfigureSyncTask;
import dovetail.domain.synctask.ResumeSyncTask;
import dovetail.domain.synctask.StopFullSync;
import dovetail.domain.synctask.StartFullSync;
import dovetail.domain.synctask.SyncTaskAlreadyExists;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskNotFound;
import dovetail.domain.synctask.SyncTaskOutcome;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.thing.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Checks task commands (every broken rule at once, nothing stored) and applies them to the task aggregate. */
@Component
class SyncTaskCommandHandler {

    private final Repository<SyncTask> tasks;
    private final EventStore events;
    private final Clock clock;
    private final ObjectProvider<KnownMeilisearchInstances> meilisearchInstances;
    private final ObjectProvider<AllowedWebhookHosts> webhookHosts;

    /**
     * @param meilisearchInstances absent where no read side runs (a commands-only function): names are not checked
     * @param webhookHosts         absent where no webhook sink runs: no webhook host is allowed
     */
    SyncTaskCommandHandler(Repository<SyncTask> tasks, EventStore events, Clock clock,
                           ObjectProvider<KnownMeilisearchInstances> meilisearchInstances,
                           ObjectProvider<AllowedWebhookHosts> webhookHosts) {
        this.tasks = tasks;
        this.events = events;
        this.clock = clock;
        this.meilisearchInstances = meilisearchInstances;
        this.webhookHosts = webhookHosts;
    }

    @CommandHandler
    SyncTaskOutcome handle(CreateSyncTask command) throws Exception {
        List<Problem> problems = new ArrayList<>(SyncTaskRules.checkId(command.id()));
        problems.addAll(check(command.definition(), false));
        if (!problems.isEmpty()) {
            return new InvalidTaskDefinition(problems);
        }
        if (hasHistory(command.id())) {
            return new SyncTaskAlreadyExists(command.id());
        }
        SyncTaskDefinition definition = SyncTaskRules.withDefaults(command.definition());
        Aggregate<SyncTask> created = tasks.newInstance(() -> new SyncTask(command.id(), definition, now()));
        return created.invoke(SyncTask::accepted);
    }

    @CommandHandler
    SyncTaskOutcome handle(ReconfigureSyncTask command) {
        List<Problem> problems = new ArrayList<>(SyncTaskRules.checkId(command.id()));
        problems.addAll(check(command.definition(), true));
        if (!problems.isEmpty()) {
            return new InvalidTaskDefinition(problems);
        }
        SyncTaskDefinition definition = SyncTaskRules.withDefaults(command.definition());
        return onExisting(command.id(), task -> task.reconfigure(definition, now()));
    }

    @CommandHandler
    SyncTaskOutcome handle(PauseSyncTask command) {
        return onExisting(command.id(), task -> task.pause(now()));
    }

    @CommandHandler
    SyncTaskOutcome handle(ResumeSyncTask command) {
        return onExisting(command.id(), task -> task.resume(now()));
    }

    @CommandHandler
    SyncTaskOutcome handle(DeleteSyncTask command) {
        return onExisting(command.id(), task -> task.delete(command.force(), now()));
    }

    @CommandHandler
    SyncTaskOutcome handle(StartFullSync command) {
        return onExisting(command.id(), task -> task.startFullSync(now()));
    }

    @CommandHandler
    SyncTaskOutcome handle(MarkFullSyncCaughtUp command) {
        return onExisting(command.id(), task -> task.caughtUp(command.generation(), now()));
    }

    @CommandHandler
    SyncTaskOutcome handle(CompleteFullSync command) {
        return onExisting(command.id(), task -> task.complete(command.generation(), now()));
    }

    @CommandHandler
    SyncTaskOutcome handle(StopFullSync command) {
        return onExisting(command.id(), task -> task.stopFullSync(command.generation(), command.reason(), now()));
    }

    /** @param update the definition replaces a task's: a webhook's secret left out keeps the task's */
    private List<Problem> check(SyncTaskDefinition definition, boolean update) {
        KnownMeilisearchInstances known = meilisearchInstances.getIfAvailable();
        AllowedWebhookHosts hosts = webhookHosts.getIfAvailable();
        return SyncTaskRules.check(definition, known == null ? null : known.names(),
                hosts == null ? Set.of() : hosts.hosts(), update);
    }

    private SyncTaskOutcome onExisting(String id, Function<SyncTask, SyncTaskOutcome> action) {
        if (!SyncTaskRules.checkId(id).isEmpty()) {
            return new SyncTaskNotFound(String.valueOf(id));
        }
        Aggregate<SyncTask> task;
        try {
            task = tasks.load(id);
        } catch (AggregateNotFoundException missingOrDeleted) {
            return new SyncTaskNotFound(id);
        }
        return task.invoke(action);
    }

    // also true for a deleted task: its id stays taken, so the audit trail never mixes two tasks
    private boolean hasHistory(String id) {
        try {
            return events.lastSequenceNumberFor(id).isPresent();
        } catch (AggregateNotFoundException noStream) {
            // some stores answer an unknown stream this way rather than with an empty result
            return false;
        }
    }

    private Instant now() {
        return Instant.now(clock);
    }
}
