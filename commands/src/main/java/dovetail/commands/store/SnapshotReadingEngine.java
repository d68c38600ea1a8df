package dovetail.commands.store;

import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

/**
 * Axon's JPA storage engine, reading a snapshot's payload as it reads the snapshot. Axon binds a payload only when
 * it is first asked for, and for a snapshot that is when the aggregate is built from it, past the point where the
 * event store falls back to the events: a snapshot that no longer binds (damaged, or a field changed without a new
 * revision) would fail every load of its aggregate, and every attempt to snapshot it again. Bound here, its failure
 * reaches the event store's fallback, which logs it and loads the aggregate from all its events.
 */
final class SnapshotReadingEngine extends JpaEventStorageEngine {

    SnapshotReadingEngine(JpaEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        Optional<DomainEventMessage<?>> snapshot = super.readSnapshot(aggregateIdentifier);
        snapshot.ifPresent(DomainEventMessage::getPayload);
        return snapshot;
    }
}
