package dovetail.commands.thing;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dovetail.commands.store.Snapshots;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.VersionConflict;
import java.time.Instant;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A Thing's write-side state. Field rules are checked by {@link ThingCommandHandler} before the aggregate is
 * loaded; the aggregate owns the rules that need its state: compare-and-set versions and idempotent import. An erased
 * Thing is gone for good, as a deleted one is: it takes no command, and an import of its id is refused.
 *
 * <p>Its fields are also its snapshot, written and read as JSON field by field (no accessors are added for it):
 * a change to them raises the {@code @Revision}, so that snapshots of the old shape are skipped.
 */
@Aggregate(snapshotTriggerDefinition = Snapshots.TRIGGER)
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Thing {

    @AggregateIdentifier
    private String id;
    private String name;
    private double foo;
    private Instant createdOn;
    private Instant updatedOn;
    private long version;

    Thing() {
        // for Axon's event sourcing
    }

    Thing(String id, String name, double foo, Instant now) {
        apply(new ThingCreated(id, name, foo, now, 1));
    }

    Thing(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version) {
        apply(new ThingImported(id, name, foo, createdOn, updatedOn, version));
    }

    ThingOutcome update(String newName, double newFoo, long expectedVersion, Instant now) {
        if (expectedVersion != version) {
            return new VersionConflict(id, expectedVersion, version);
        }
        apply(new ThingUpdated(id, newName, newFoo, createdOn, now, version + 1));
        return accepted(true);
    }

    ThingOutcome delete(long expectedVersion, Instant now) {
        if (expectedVersion != version) {
            return new VersionConflict(id, expectedVersion, version);
        }
        ThingView last = new ThingView(id, name, foo, createdOn, now, version + 1);
        apply(new ThingDeleted(id, now, version + 1));
        return new ThingAccepted(last, true);
    }

    /** Erasure is not a compare-and-set: whoever may erase a Thing erases it as it is now. */
    ThingOutcome erase(Instant now) {
        ThingView erased = new ThingView(id, null, 0, createdOn, now, version + 1);
        apply(new ThingErased(id, now, version + 1));
        return new ThingAccepted(erased, true);
    }

    ThingOutcome importState(String importedName, double importedFoo, Instant importedCreatedOn,
                             Instant importedUpdatedOn, long importedVersion) {
        if (importedVersion <= version) {
            return accepted(false);
        }
        apply(new ThingImported(id, importedName, importedFoo, importedCreatedOn, importedUpdatedOn, importedVersion));
        return accepted(true);
    }

    ThingAccepted accepted(boolean changed) {
        return new ThingAccepted(new ThingView(id, name, foo, createdOn, updatedOn, version), changed);
    }

    @EventSourcingHandler
    void on(ThingCreated event) {
        id = event.id();
        name = event.name();
        foo = event.foo();
        createdOn = event.createdOn();
        updatedOn = event.createdOn();
        version = event.version();
    }

    @EventSourcingHandler
    void on(ThingUpdated event) {
        name = event.name();
        foo = event.foo();
        updatedOn = event.updatedOn();
        version = event.version();
    }

    @EventSourcingHandler
    void on(ThingImported event) {
        id = event.id();
        name = event.name();
        foo = event.foo();
        createdOn = event.createdOn();
        updatedOn = event.updatedOn();
        version = event.version();
    }

    @EventSourcingHandler
    void on(ThingErased event) {
        name = null;
        updatedOn = event.erasedOn();
        version = event.version();
        markDeleted();
    }

    @EventSourcingHandler
    void on(ThingDeleted event) {
        updatedOn = event.deletedOn();
        version = event.version();
        markDeleted();
    }
}
