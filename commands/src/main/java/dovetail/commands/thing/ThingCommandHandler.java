package dovetail.commands.thing;

import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.ImportThing;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingRules;
import dovetail.domain.thing.UpdateThing;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Turns Thing commands into aggregate calls. Input that breaks a field rule is answered before any aggregate is
 * loaded, so a refused command never appends an event; a missing or deleted Thing answers {@link ThingNotFound}.
 */
@Component
class ThingCommandHandler {

    private final Repository<Thing> things;
    private final ThingIds ids;
    private final Clock clock;

    ThingCommandHandler(Repository<Thing> things, ThingIds ids, Clock clock) {
        this.things = things;
        this.ids = ids;
        this.clock = clock;
    }

    @CommandHandler
    ThingOutcome handle(CreateThing command) throws Exception {
        List<Problem> problems = ThingRules.checkContent(command.name(), command.foo());
        if (!problems.isEmpty()) {
            return new InvalidInput(problems);
        }
        String id = Long.toString(ids.next());
        Aggregate<Thing> created = things.newInstance(
                () -> new Thing(id, ThingRules.normalizeName(command.name()), command.foo(), now()));
        return created.invoke(thing -> thing.accepted(true));
    }

    @CommandHandler
    ThingOutcome handle(UpdateThing command) {
        List<Problem> problems = new ArrayList<>(ThingRules.checkId(command.id()));
        problems.addAll(ThingRules.checkContent(command.name(), command.foo()));
        problems.addAll(ThingRules.checkVersion("expectedVersion", command.expectedVersion()));
        if (!problems.isEmpty()) {
            return new InvalidInput(problems);
        }
        return onExisting(command.id(), thing -> thing.update(
                ThingRules.normalizeName(command.name()), command.foo(), command.expectedVersion(), now()));
    }

    @CommandHandler
    ThingOutcome handle(DeleteThing command) {
        List<Problem> problems = new ArrayList<>(ThingRules.checkId(command.id()));
        problems.addAll(ThingRules.checkVersion("expectedVersion", command.expectedVersion()));
        if (!problems.isEmpty()) {
            return new InvalidInput(problems);
        }
        return onExisting(command.id(), thing -> thing.delete(command.expectedVersion(), now()));
    }

    @CommandHandler
    ThingOutcome handle(ImportThing command) throws Exception {
        List<Problem> problems = checkImport(command);
        if (!problems.isEmpty()) {
            return new InvalidInput(problems);
        }
        String id = ThingId.parse(command.id()).orElseThrow().toString();
        String name = ThingRules.normalizeName(command.name());
        Instant createdOn = command.createdOn().truncatedTo(ChronoUnit.MICROS);
        Instant updatedOn = command.updatedOn().truncatedTo(ChronoUnit.MICROS);
        Aggregate<Thing> existing;
        try {
            existing = things.load(id);
        } catch (AggregateNotFoundException notYetKnown) {
            if (notYetKnown instanceof org.axonframework.eventsourcing.AggregateDeletedException) {
                return new ThingNotFound(id);
            }
            Aggregate<Thing> created = things.newInstance(
                    () -> new Thing(id, name, command.foo(), createdOn, updatedOn, command.version()));
            return created.invoke(thing -> thing.accepted(true));
        }
        return existing.invoke(thing -> thing.importState(name, command.foo(), createdOn, updatedOn, command.version()));
    }

    static List<Problem> checkImport(ImportThing command) {
        List<Problem> problems = new ArrayList<>(ThingRules.checkId(command.id()));
        problems.addAll(ThingRules.checkContent(command.name(), command.foo()));
        problems.addAll(ThingRules.checkVersion("version", command.version()));
        if (command.createdOn() == null) {
            problems.add(new Problem("createdOn", "is required"));
        }
        if (command.updatedOn() == null) {
            problems.add(new Problem("updatedOn", "is required"));
        }
        return problems;
    }

    private ThingOutcome onExisting(String rawId, Function<Thing, ThingOutcome> action) {
        String id = ThingId.parse(rawId).orElseThrow().toString();
        Aggregate<Thing> thing;
        try {
            thing = things.load(id);
        } catch (AggregateNotFoundException missingOrDeleted) {
            return new ThingNotFound(id);
        }
        return thing.invoke(action);
    }

    // PostgreSQL keeps microseconds; truncating here makes every reader see the instant the aggregate holds
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
