package dovetail.commands.synctask;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dovetail.commands.store.Snapshots;
import dovetail.domain.synctask.FullSyncRunning;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskDeleted;
import dovetail.domain.synctask.FullSync;
import dovetail.domain.synctask.SyncTaskFullSyncCaughtUp;
import dovetail.domain.synctask.SyncTaskFullSyncCompleted;
import dovetail.domain.synctask.SyncTaskFullSyncRequested;
import dovetail.domain.synctask.SyncTaskFullSyncStopped;
import dovetail.domain.synctask.SyncTaskOutcome;
import dovetail.domain.synctask.SyncTaskPaused;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskResumed;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskStillActive;
import dovetail.domain.thing.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A sync task's lifecycle. Its event stream is the audit trail of who configured, paused and resumed what, and
 * the broadcast every instance follows. Definitions arrive checked and defaulted by {@link SyncTaskCommandHandler}.
 *
 * <p>Its fields are also its snapshot, written and read as JSON field by field: a change to them (or to the shape
 * of a definition or a full sync) raises the {@code @Revision}, so that snapshots of the old shape are skipped.
 */
@Aggregate(snapshotTriggerDefinition = Snapshots.TRIGGER)
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class SyncTask {

    @AggregateIdentifier
    private String id;
    private SyncTaskDefinition definition;
    private boolean paused;
    /** The latest full sync, null before the first: its phase decides what the full-sync commands may do. */
    private FullSync fullSync;

    SyncTask() {
        // for Axon's event sourcing
    }

    SyncTask(String id, SyncTaskDefinition definition, Instant now) {
        apply(new SyncTaskCreated(id, definition, now));
    }

    SyncTaskOutcome reconfigure(SyncTaskDefinition requested, Instant now) {
        // no client ever sees a webhook's secret, so an update that leaves it out keeps the task's
        SyncTaskDefinition newDefinition = requested.keepingSecretsOf(definition);
        if (fullSyncRunning() && !newDefinition.equals(definition)) {
            return new FullSyncRunning(id);
        }
        if (!Objects.equals(newDefinition.sink().type(), definition.sink().type())) {
            // another kind of sink is another place: the old one would keep what was delivered, unmanaged
            return new InvalidTaskDefinition(List.of(new Problem("sink", "is a " + definition.sink().type()
                    + " sink; a task's sink kind is fixed once it exists: create a task for the "
                    + newDefinition.sink().type() + " sink (and delete this one if it is no longer needed)")));
        }
        if (!Objects.equals(newDefinition.options().segments(), definition.options().segments())) {
            return new InvalidTaskDefinition(List.of(new Problem("options.segments",
                    "is fixed once a task exists (now " + definition.options().segments() + ")")));
        }
        if (SyncTaskRules.changesLayout(definition, newDefinition)) {
            // documents move between instances: build the new layout beside the old one, never re-shuffle live
            apply(new SyncTaskFullSyncRequested(id, nextGeneration(), now, newDefinition));
        } else if (!newDefinition.equals(definition)) {
            apply(new SyncTaskReconfigured(id, newDefinition, now));
        }
        return accepted();
    }

    SyncTaskOutcome pause(Instant now) {
        if (!paused) {
            apply(new SyncTaskPaused(id, now));
        }
        return accepted();
    }

    SyncTaskOutcome resume(Instant now) {
        if (paused) {
            apply(new SyncTaskResumed(id, now));
        }
        return accepted();
    }

    SyncTaskOutcome delete(boolean force, Instant now) {
        if (!paused && !force) {
            return new SyncTaskStillActive(id);
        }
        apply(new SyncTaskDeleted(id, now));
        return new SyncTaskAccepted(id, definition.withoutSecrets(), SyncTaskStatus.DELETED);
    }

    SyncTaskOutcome startFullSync(Instant now) {
        if (!fullSyncRunning()) {
            apply(new SyncTaskFullSyncRequested(id, nextGeneration(), now));
        }
        return accepted();
    }

    // these only ever move the running full sync on (FullSync.next): a late or repeated report changes nothing
    SyncTaskOutcome caughtUp(long generation, Instant now) {
        return moveFullSync(new SyncTaskFullSyncCaughtUp(id, generation, now));
    }

    SyncTaskOutcome complete(long generation, Instant now) {
        return moveFullSync(new SyncTaskFullSyncCompleted(id, generation, now));
    }

    SyncTaskOutcome stopFullSync(long generation, String reason, Instant now) {
        return moveFullSync(new SyncTaskFullSyncStopped(id, generation, reason, now));
    }

    private SyncTaskOutcome moveFullSync(Object event) {
        if (FullSync.next(fullSync, event) != fullSync) {
            apply(event);
        }
        return accepted();
    }

    private boolean fullSyncRunning() {
        return fullSync != null && fullSync.running();
    }

    private long nextGeneration() {
        return fullSync == null ? 1 : fullSync.generation() + 1;
    }

    /** What the command's sender gets back: the definition as clients may see it (no secrets). */
    SyncTaskAccepted accepted() {
        return new SyncTaskAccepted(id, definition.withoutSecrets(), paused ? SyncTaskStatus.PAUSED
                : fullSyncRunning() ? SyncTaskStatus.FULL_SYNC : SyncTaskStatus.ACTIVE);
    }

    @EventSourcingHandler
    void on(SyncTaskCreated event) {
        id = event.id();
        definition = event.definition();
    }

    @EventSourcingHandler
    void on(SyncTaskReconfigured event) {
        definition = event.definition();
    }

    @EventSourcingHandler
    void on(SyncTaskPaused event) {
        paused = true;
    }

    @EventSourcingHandler
    void on(SyncTaskResumed event) {
        paused = false;
    }

    @EventSourcingHandler
    void on(SyncTaskFullSyncRequested event) {
        fullSync = FullSync.next(fullSync, event);
    }

    @EventSourcingHandler
    void on(SyncTaskFullSyncCaughtUp event) {
        fullSync = FullSync.next(fullSync, event);
    }

    @EventSourcingHandler
    void on(SyncTaskFullSyncCompleted event) {
        FullSync completed = FullSync.next(fullSync, event);
        if (completed != fullSync && completed.relayout()) {
            definition = completed.building();
        }
        fullSync = completed;
    }

    @EventSourcingHandler
    void on(SyncTaskFullSyncStopped event) {
        fullSync = FullSync.next(fullSync, event);
    }

    @EventSourcingHandler
    void on(SyncTaskDeleted event) {
        markDeleted();
    }
}
