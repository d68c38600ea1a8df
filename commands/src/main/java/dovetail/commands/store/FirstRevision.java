package dovetail.commands.store;

import dovetail.domain.store.StoredEvents;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * An event stored without a revision (every event of the releases before event types carried one) is the first
 * revision of its type ({@link StoredEvents#FIRST_REVISION}): this names it so and leaves its payload as stored, so
 * that every later upcaster is written from one revision to the next, never from a missing one.
 */
final class FirstRevision extends SingleEventUpcaster {

    private final Set<String> types = StoredEvents.TYPES.stream().map(Class::getName)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().getRevision() == null && types.contains(event.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return asStored(event, event.getContentType());
    }

    private static <T> IntermediateEventRepresentation asStored(IntermediateEventRepresentation event,
                                                                Class<T> contentType) {
        return event.upcastPayload(new SimpleSerializedType(event.getType().getName(), StoredEvents.FIRST_REVISION),
                contentType, Function.identity());
    }
}
