package dovetail.domain.store;

import dovetail.domain.migration.MigrationEvent;
import dovetail.domain.synctask.SyncTaskEvent;
import dovetail.domain.thing.ThingChange;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;

/**
 * Every type the event store holds as an event: the Thing events ({@link ThingChange#EVENT_TYPES}), the sync task
 * events ({@link SyncTaskEvent}) and the migration's ({@link MigrationEvent}), each family declared where it lives.
 * Each type carries the revision it is stored at now ({@link Revision}); an event stored before types carried one has
 * none, and is the {@link #FIRST_REVISION} of its type. See docs/events.md.
 */
public final class StoredEvents {

    /** The revision of an event stored without one: every type that existed then was at its first. */
    public static final String FIRST_REVISION = "1";

    /** Every stored event type. */
    public static final List<Class<?>> TYPES = Stream.of(ThingChange.EVENT_TYPES.stream(),
                    Arrays.stream(SyncTaskEvent.class.getPermittedSubclasses()),
                    Arrays.stream(MigrationEvent.class.getPermittedSubclasses()))
            .flatMap(types -> types).<Class<?>>map(type -> type).toList();

    private StoredEvents() {
    }

    /** The revision events of {@code type} are stored at now, or null when the type declares none. */
    public static String revision(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }
}
