package dovetail.projections.thing;

import dovetail.domain.store.TraceParent;
import dovetail.domain.thing.RecordedThingEvent;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingHistory;
import dovetail.domain.thing.ThingId;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * A Thing's events straight from the event store, deletions included: the store is the Thing's audit trail, so
 * there is no table of its own to keep in step.
 */
@Component
class ThingHistoryQueries {

    /** The aggregate type Axon records with each Thing event. */
    private static final String THING = "Thing";

    private final EventStore events;

    ThingHistoryQueries(EventStore events) {
        this.events = events;
    }

    @QueryHandler
    List<RecordedThingEvent> handle(ThingHistory query) {
        Optional<ThingId> id = ThingId.parse(query.id());
        if (id.isEmpty()) {
            return List.of();
        }
        // sync tasks share the store's identifier space, and a task's id may be all digits
        List<? extends DomainEventMessage<?>> thingEvents = events.readEvents(id.get().toString()).asStream()
                .filter(event -> THING.equals(event.getType())).toList();
        boolean erased = thingEvents.stream().anyMatch(event -> event.getPayload() instanceof ThingErased);
        return thingEvents.stream().map(event -> recorded(event, erased)).toList();
    }

    private static RecordedThingEvent recorded(DomainEventMessage<?> event, boolean erased) {
        Optional<ThingChange> change = ThingChange.of(event.getPayload());
        Object correlationId = event.getMetaData().get("traceId");
        return new RecordedThingEvent(event.getPayloadType().getSimpleName(), event.getSequenceNumber(),
                change.map(ThingChange::version).orElse(event.getSequenceNumber() + 1), event.getTimestamp(),
                TraceParent.traceIdOf(event.getMetaData().get(TraceParent.KEY)),
                correlationId == null ? null : correlationId.toString(),
                change.filter(ThingChange.Upsert.class::isInstance).map(upsert -> ((ThingChange.Upsert) upsert).thing())
                      .filter(thing -> !erased).orElse(null), erased);
    }
}
