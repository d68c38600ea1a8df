package dovetail.commands.thing;

import dovetail.domain.thing.ImportThing;
import dovetail.domain.thing.ImportThings;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingRules;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Imports a page of legacy rows in one transaction. One query finds which ids the event store knows; unknown ones
 * are created without loading anything, known ones (and invalid input) go the way of a single {@code ImportThing},
 * through the aggregate's version check, so a page imported twice changes nothing. A race with another writer of
 * the same id fails the whole page on the event store's unique key, and the page is retried.
 */
@Component
class ThingBatchImport {

    private final Repository<Thing> things;
    private final ThingCommandHandler single;
    private final NamedParameterJdbcTemplate jdbc;

    ThingBatchImport(Repository<Thing> things, ThingCommandHandler single, NamedParameterJdbcTemplate jdbc) {
        this.things = things;
        this.single = single;
        this.jdbc = jdbc;
    }

    @CommandHandler
    List<ThingOutcome> handle(ImportThings command) throws Exception {
        Set<String> ids = new HashSet<>();
        for (ImportThing item : command.imports()) {
            if (item != null && ThingId.parse(item.id()).isPresent()
                && !ids.add(ThingId.parse(item.id()).get().toString())) {
                throw new IllegalArgumentException("Thing " + item.id() + " appears twice in one import batch");
            }
        }
        Set<String> known = known(ids);
        List<ThingOutcome> outcomes = new ArrayList<>(command.imports().size());
        for (ImportThing item : command.imports()) {
            outcomes.add(importOne(item, known));
        }
        return outcomes;
    }

    /** A new, valid Thing is created here without loading anything; every other import goes the single way. */
    private ThingOutcome importOne(ImportThing command, Set<String> known) throws Exception {
        if (command == null) {
            return new InvalidInput(List.of(new Problem("import", "is required")));
        }
        Optional<ThingId> id = ThingId.parse(command.id());
        if (id.isEmpty() || known.contains(id.get().toString())
            || !ThingCommandHandler.checkImport(command).isEmpty()) {
            return single.handle(command);
        }
        String name = ThingRules.normalizeName(command.name());
        Instant createdOn = command.createdOn().truncatedTo(ChronoUnit.MICROS);
        Instant updatedOn = command.updatedOn().truncatedTo(ChronoUnit.MICROS);
        Aggregate<Thing> created = things.newInstance(() -> new Thing(id.get().toString(), name, command.foo(),
                createdOn, updatedOn, command.version()));
        return created.invoke(thing -> thing.accepted(true));
    }

    private Set<String> known(Set<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("ids", ids);
        return new HashSet<>(jdbc.queryForList(
                "select distinct aggregate_identifier from domain_event_entry where aggregate_identifier in (:ids)",
                parameters, String.class));
    }
}
