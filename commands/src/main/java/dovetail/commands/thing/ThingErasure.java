package dovetail.commands.thing;

import dovetail.commands.erasure.ThingKeys;
import dovetail.domain.thing.EraseThing;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingRules;
import dovetail.domain.thing.ThingView;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Erases a Thing: appends {@link ThingErased} and deletes the Thing's data key in the same transaction, so either
 * both happen or neither does. A live Thing is erased through its aggregate; a deleted one cannot be loaded, so its
 * erasure is appended after its last event here. Erasing an erased Thing stores nothing and answers as the first time.
 */
@Component
class ThingErasure {

    /** The aggregate type Axon records with each Thing event. */
    private static final String THING = "Thing";

    private final Repository<Thing> things;
    private final EventStore events;
    private final ThingKeys keys;
    private final Clock clock;

    ThingErasure(Repository<Thing> things, EventStore events, ThingKeys keys, Clock clock) {
        this.things = things;
        this.events = events;
        this.keys = keys;
        this.clock = clock;
    }

    @CommandHandler
    ThingOutcome handle(EraseThing command) {
        List<Problem> problems = ThingRules.checkId(command.id());
        if (!problems.isEmpty()) {
            return new InvalidInput(problems);
        }
        String id = ThingId.parse(command.id()).orElseThrow().toString();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        ThingOutcome outcome;
        try {
            Aggregate<Thing> thing = things.load(id);
            outcome = thing.invoke(live -> live.erase(now));
        } catch (AggregateDeletedException deletedOrErased) {
            outcome = eraseDeleted(id, now);
        } catch (AggregateNotFoundException unknown) {
            return new ThingNotFound(id);
        }
        if (outcome instanceof ThingAccepted accepted && accepted.changed()) {
            keys.erase(id);
        }
        return outcome;
    }

    private ThingOutcome eraseDeleted(String id, Instant now) {
        long lastSequence = -1;
        long version = 0;
        Instant erasedOn = null;
        DomainEventStream stream = events.readEvents(id);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            lastSequence = event.getSequenceNumber();
            if (!THING.equals(event.getType())) {
                continue;
            }
            Object payload = event.getPayload();
            version = ThingChange.of(payload).map(ThingChange::version).orElse(version);
            if (payload instanceof ThingErased erased) {
                erasedOn = erased.erasedOn();
            }
        }
        if (erasedOn != null) {
            return new ThingAccepted(new ThingView(id, null, 0, null, erasedOn, version), false);
        }
        events.publish(new GenericDomainEventMessage<>(THING, id, lastSequence + 1,
                new ThingErased(id, now, version + 1)));
        return new ThingAccepted(new ThingView(id, null, 0, null, now, version + 1), true);
    }
}
