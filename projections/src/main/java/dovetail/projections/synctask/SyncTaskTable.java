package dovetail.projections.synctask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskDeleted;
import dovetail.domain.synctask.SyncTaskFullSyncCaughtUp;
import dovetail.domain.synctask.SyncTaskFullSyncCompleted;
import dovetail.domain.synctask.SyncTaskFullSyncRequested;
import dovetail.domain.synctask.SyncTaskFullSyncStopped;
import dovetail.domain.synctask.SyncTaskPaused;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskResumed;
import dovetail.projections.search.MeilisearchSink;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tasks' current configuration, one row each, written in the transaction that records the task's event. Every
 * instance reads it to decide which processors it runs; {@code revision} tells it when a task changed.
 */
@Component
@ProcessingGroup(SyncTaskTable.PROCESSING_GROUP)
class SyncTaskTable {

    static final String PROCESSING_GROUP = "sync-task-table";

    static final String BUILDING = "BUILDING";
    static final String HANDOVER = "HANDOVER";

    /**
     * {@code revision} changes with the definition (and pause, resume, delete); a full sync moves only the
     * {@code rebuild*} columns, so the live processor keeps running while the copy is built.
     */
    record Row(String id, SyncTaskDefinition definition, boolean paused, boolean deleted, long revision,
               Instant createdAt, Instant updatedAt, Long rebuildGeneration, String rebuildPhase,
               Instant rebuildStartedAt, SyncTaskDefinition rebuildDefinition, String liveIndex,
               String fullSyncStoppedReason, Instant fullSyncStoppedAt) {

        /** What the running full sync builds: a new layout's definition, or the task's own. */
        SyncTaskDefinition building() {
            return rebuildDefinition != null ? rebuildDefinition : definition;
        }

        /** Whether the running full sync moves documents to another layout (no per-instance swap at the end). */
        boolean relayout() {
            return rebuildDefinition != null;
        }

        boolean isBuilding() {
            return BUILDING.equals(rebuildPhase);
        }

        boolean handingOver() {
            return HANDOVER.equals(rebuildPhase);
        }
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    SyncTaskTable(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(SyncTaskCreated event) {
        jdbc.update("""
                insert into sync_task (id, definition, paused, deleted, revision, created_at, updated_at)
                values (?, ?, false, false, 1, ?, ?) on conflict (id) do nothing""",
                event.id(), write(event.definition()), Timestamp.from(event.at()), Timestamp.from(event.at()));
    }

    @EventHandler
    void on(SyncTaskReconfigured event) {
        change(event.id(), "definition = ?", event.at(), write(event.definition()));
    }

    @EventHandler
    void on(SyncTaskPaused event) {
        change(event.id(), "paused = true", event.at());
    }

    @EventHandler
    void on(SyncTaskResumed event) {
        change(event.id(), "paused = false", event.at());
    }

    @EventHandler
    void on(SyncTaskDeleted event) {
        change(event.id(), "deleted = true", event.at());
    }

    @EventHandler
    void on(SyncTaskFullSyncRequested event) {
        jdbc.update("""
                update sync_task set rebuild_generation = ?, rebuild_phase = ?, rebuild_started_at = ?, updated_at = ?,
                rebuild_definition = ? where id = ?""", event.generation(), BUILDING, Timestamp.from(event.at()),
                Timestamp.from(event.at()), event.definition() == null ? null : write(event.definition()), event.id());
    }

    @EventHandler
    void on(SyncTaskFullSyncCaughtUp event) {
        jdbc.update("update sync_task set rebuild_phase = ?, updated_at = ? where id = ? and rebuild_generation = ?",
                HANDOVER, Timestamp.from(event.at()), event.id(), event.generation());
    }

    @EventHandler
    void on(SyncTaskFullSyncCompleted event) {
        // a new layout: its copies are the live indexes from now on, and the task delivers by its new definition
        jdbc.update("""
                update sync_task set definition = rebuild_definition, rebuild_definition = null, revision = revision + 1,
                live_index = ? where id = ? and rebuild_generation = ? and rebuild_definition is not null""",
                find(event.id()).flatMap(row -> Optional.ofNullable(row.rebuildDefinition()))
                        .map(next -> MeilisearchSink.copyName(next.sink().meilisearch().index(), event.generation()))
                        .orElse(null), event.id(), event.generation());
        jdbc.update("""
                update sync_task set rebuild_phase = null, rebuild_started_at = null, updated_at = ?,
                full_sync_stopped_reason = null, full_sync_stopped_at = null
                where id = ? and rebuild_generation = ?""", Timestamp.from(event.at()), event.id(),
                event.generation());
    }

    /** The live data stays: the task runs on by its own definition, and the copy is dropped (see the runtime). */
    @EventHandler
    void on(SyncTaskFullSyncStopped event) {
        jdbc.update("""
                update sync_task set rebuild_phase = null, rebuild_started_at = null, rebuild_definition = null,
                full_sync_stopped_reason = ?, full_sync_stopped_at = ?, updated_at = ?
                where id = ? and rebuild_generation = ?""", event.reason(), Timestamp.from(event.at()),
                Timestamp.from(event.at()), event.id(), event.generation());
    }

    /** Locks the task's row until the transaction ends; empty when another instance holds it. */
    Optional<Row> lock(String id) {
        return jdbc.query("select * from sync_task where id = ? for update skip locked", this::row, id).stream()
                   .findFirst();
    }

    List<Row> all() {
        return jdbc.query("select * from sync_task order by id", this::row);
    }

    Optional<Row> find(String id) {
        return jdbc.query("select * from sync_task where id = ? and not deleted", this::row, id).stream().findFirst();
    }

    private void change(String id, String assignment, Instant at, Object... values) {
        Object[] arguments = new Object[values.length + 2];
        System.arraycopy(values, 0, arguments, 0, values.length);
        arguments[values.length] = Timestamp.from(at);
        arguments[values.length + 1] = id;
        jdbc.update("update sync_task set " + assignment + ", revision = revision + 1, updated_at = ? where id = ?",
                arguments);
    }

    private Row row(ResultSet rs, int index) throws SQLException {
        try {
            return new Row(rs.getString("id"), json.readValue(rs.getString("definition"), SyncTaskDefinition.class),
                    rs.getBoolean("paused"), rs.getBoolean("deleted"), rs.getLong("revision"),
                    rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                    (Long) rs.getObject("rebuild_generation"), rs.getString("rebuild_phase"),
                    rs.getTimestamp("rebuild_started_at") == null ? null
                            : rs.getTimestamp("rebuild_started_at").toInstant(),
                    rs.getString("rebuild_definition") == null ? null
                            : json.readValue(rs.getString("rebuild_definition"), SyncTaskDefinition.class),
                    rs.getString("live_index"), rs.getString("full_sync_stopped_reason"),
                    rs.getTimestamp("full_sync_stopped_at") == null ? null
                            : rs.getTimestamp("full_sync_stopped_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable definition of sync task " + rs.getString("id"), e);
        }
    }

    private String write(SyncTaskDefinition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a task definition", e);
        }
    }
}
