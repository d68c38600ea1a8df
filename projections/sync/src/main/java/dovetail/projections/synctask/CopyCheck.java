package dovetail.projections.synctask;

import dovetail.domain.synctask.StopFullSync;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingErased;
import dovetail.projections.sink.CopiesForFullSync;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What a full sync checks before it swaps its copies in, and how it stops when they fall short. A copy must hold a
 * document for every Thing the task selects as of the copy's position: the Things whose last event of a type the task
 * takes, at or before that position, puts them in the sink through the task's filter (a shard: only its own Things).
 * Things parked in the copy's dead-letter queue may be missing, or present at an older version: the count may differ
 * by at most their number. A copy that fails the check is not swapped in; the full sync stops, the live data and the
 * task's position stay, the copy is dropped, and the reason is recorded for operators.
 *
 * <p>A copy whose documents are not one per Thing (a search task whose transform keys them otherwise) is not
 * counted.
 */
@Component
class CopyCheck {

    private static final Logger log = LoggerFactory.getLogger(CopyCheck.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final StoreHistory events;
    private final TaskPositions positions;
    private final DeadLetterQueues deadLetters;
    private final CommandGateway commands;

    CopyCheck(NamedParameterJdbcTemplate jdbc, StoreHistory events, TaskPositions positions,
              DeadLetterQueues deadLetters, CommandGateway commands) {
        this.jdbc = jdbc;
        this.events = events;
        this.positions = positions;
        this.deadLetters = deadLetters;
        this.commands = commands;
    }

    /** Why the copies of the task's running full sync must not be swapped in, for operators; empty when complete. */
    Optional<String> problem(SyncTaskTable.Row row, List<TaskTarget> copies) {
        SyncTaskDefinition building = row.building();
        long started = System.nanoTime();
        Map<Long, List<String>> selectedAt = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (TaskTarget copy : copies) {
            if (!(copy.sink() instanceof CopiesForFullSync.Copy counted)) {
                continue;
            }
            long held = counted.thingCount();
            if (held < 0) {
                log.info("Sync task {}: {} keys documents otherwise than by Thing; full sync {} swaps it in without "
                         + "counting it", row.id(), copy.sink().describe(), row.fullSyncGeneration());
                continue;
            }
            String processor = TaskTarget.fullSyncProcessorName(row.id(), row.fullSyncGeneration(), copy.name());
            long position = positions.progress(processor, 1, positions.head()).position();
            long expected = selectedAt.computeIfAbsent(position, at -> selected(building, at)).stream()
                    .filter(counted::keeps).count();
            long parked = deadLetters.of(processor).parkedThings().size();
            if (Math.abs(held - expected) > parked) {
                long failed = counted.failedWrites();
                problems.add(copy.sink().describe() + " holds " + held + " document(s) where the task selects "
                             + expected + " Thing(s) as of event " + position
                             + (parked > 0 ? " (" + parked + " Thing(s) parked as dead letters may differ)" : "")
                             + (failed > 0 ? "; the search engine failed " + failed + " of its tasks" : ""));
            }
        }
        log.info("Sync task {}: the copies of full sync {} counted in {} ms{}", row.id(), row.fullSyncGeneration(),
                (System.nanoTime() - started) / 1_000_000, problems.isEmpty() ? ", complete" : ", incomplete");
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Stops the running full sync: drops its copies, their positions and dead letters, and records why. The live
     * processors then start again from their own positions.
     */
    void stop(SyncTaskTable.Row row, List<TaskTarget> copies, String reason) {
        long generation = row.fullSyncGeneration();
        log.warn("Full sync {} of sync task {} stopped before its copy was swapped in; the live data stays: {}",
                generation, row.id(), reason);
        for (TaskTarget copy : copies) {
            try {
                if (copy.sink() instanceof CopiesForFullSync copySink) {
                    copySink.dropCopy(generation);
                }
            } catch (RuntimeException e) {
                log.warn("Could not drop {} ({}); drop it by hand", copy.sink().describe(), e.toString());
            }
            String processor = TaskTarget.fullSyncProcessorName(row.id(), generation, copy.name());
            positions.forget(List.of(processor));
            deadLetters.drop(List.of(processor));
        }
        commands.sendAndWait(new StopFullSync(row.id(), generation, reason));
    }

    /**
     * The Things the task's sink holds once it has taken every event up to {@code position}: those whose last event
     * of a type it takes makes an upsert. Without field conditions the type decides; with them, the event is read.
     */
    private List<String> selected(SyncTaskDefinition definition, long position) {
        TaskPipeline pipeline = new TaskPipeline(definition);
        List<String> types = ThingChange.EVENT_TYPES.stream().filter(pipeline::takes).map(Class::getName).toList();
        if (types.isEmpty()) {
            return List.of();
        }
        boolean byType = definition.filter().conditions().isEmpty();
        MapSqlParameterSource parameters = new MapSqlParameterSource("position", position).addValue("types", types);
        String columns = byType ? "aggregate_identifier, payload_type"
                : "aggregate_identifier, sequence_number, payload_type, type, event_identifier, time_stamp, "
                  + "payload_revision, payload, meta_data";
        List<String> things = new ArrayList<>();
        jdbc.query("select " + columns + " from (select distinct on (aggregate_identifier) " + columns
                   + " from domain_event_entry where global_index <= :position and payload_type in (:types)"
                   + " order by aggregate_identifier, sequence_number desc) last", parameters, rs -> {
                       String type = rs.getString("payload_type");
                       boolean kept = byType ? !ThingDeleted.class.getName().equals(type)
                                       && !ThingErased.class.getName().equals(type)
                               : pipeline.apply(events.payloadOf(row(rs))).filter(change -> !change.removes())
                                       .isPresent();
                       if (kept) {
                           things.add(rs.getString("aggregate_identifier"));
                       }
                   });
        return things;
    }

    /** The event of a row, as the store's readers take it (its payload read through the upcasters). */
    private static DomainEventData<byte[]> row(ResultSet rs) throws SQLException {
        return new GenericDomainEventEntry<>(rs.getString("type"), rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"), rs.getString("event_identifier"), rs.getString("time_stamp"),
                rs.getString("payload_type"), rs.getString("payload_revision"), rs.getBytes("payload"),
                rs.getBytes("meta_data"));
    }
}
