package dovetail.commands.store;

import java.util.Objects;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * Lets a snapshot through only when it was written in the shape its class has now: the class still exists under its
 * stored name, and the revision it declares ({@code @Revision} on the aggregate) is the stored one. A snapshot is a
 * cache of the state the events give, so one written by an older shape is skipped and the aggregate loads from its
 * events; the next snapshot replaces it.
 *
 * <p>Axon's own filter per aggregate compares the revision of the aggregate the row's type names. This one also
 * refuses a payload whose class is gone (renamed or moved): Axon would not recognise it as a snapshot, apply it as
 * an unknown event and go on from the events after it, leaving the aggregate without the state before them.
 */
final class CurrentSnapshotShape implements SnapshotFilter {

    private final Serializer serializer;
    private final RevisionResolver revisions;

    CurrentSnapshotShape(Serializer serializer, RevisionResolver revisions) {
        this.serializer = serializer;
        this.revisions = revisions;
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        SerializedType stored = snapshot.getPayload().getType();
        Class<?> shape = serializer.classForType(new SimpleSerializedType(stored.getName(), null));
        return !UnknownSerializedType.class.equals(shape)
               && Objects.equals(revisions.revisionOf(shape), stored.getRevision());
    }
}
