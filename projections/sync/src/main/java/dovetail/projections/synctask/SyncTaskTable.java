package dovetail.projections.synctask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.synctask.FullSync;
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

    /**
     * {@code revision} changes with the definition (and pause, resume, delete); a full sync moves only its own state,
     * so the live processor keeps running while the copy is built. {@code fullSync} is the task's latest full sync
     * (null before the first); {@code liveLocation} where a full sync moved the task's data (null: where its
     * definition says).
     */
    record Row(String id, SyncTaskDefinition definition, boolean paused, boolean deleted, long revision,
               Instant createdAt, Instant updatedAt, FullSync fullSync, String liveLocation) {

        /** What the latest full sync builds: a new layout's definition, or the task's own. */
        SyncTaskDefinition building() {
            return relayout() ? fullSync.building() : definition;
        }

        /** Whether the running full sync moves the data to another layout (no per-target swap at the end). */
        boolean relayout() {
            return fullSync != null && fullSync.relayout() && fullSync.running();
        }

        boolean in(FullSync.Phase phase) {
            return fullSync != null && fullSync.phase() == phase;
        }

        boolean fullSyncRunning() {
            return fullSync != null && fullSync.running();
        }

        /** The latest full sync's generation; null before the first. */
        Long fullSyncGeneration() {
            return fullSync == null ? null : fullSync.generation();
        }
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final SinkKinds kinds;

    SyncTaskTable(JdbcTemplate jdbc, ObjectMapper json, SinkKinds kinds) {
        this.jdbc = jdbc;
        this.json = json;
        this.kinds = kinds;
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
        moveFullSync(event.id(), event, event.at());
    }

    @EventHandler
    void on(SyncTaskFullSyncCaughtUp event) {
        moveFullSync(event.id(), event, event.at());
    }

    /** A new layout: its copies are the live data from now on, and the task delivers by its new definition. */
    @EventHandler
    void on(SyncTaskFullSyncCompleted event) {
        FullSync completed = moveFullSync(event.id(), event, event.at());
        if (completed != null && completed.phase() == FullSync.Phase.COMPLETED && completed.relayout()) {
            String location = kinds.relocating(completed.building())
                    .map(relocating -> relocating.copyLocation(completed.building(), completed.generation()))
                    .orElse(null);
            jdbc.update("""
                    update sync_task set definition = ?, revision = revision + 1, live_location = ? where id = ?""",
                    write(completed.building()), location, event.id());
        }
    }

    /** The live data stays: the task runs on by its own definition, and the copy is dropped (see the runtime). */
    @EventHandler
    void on(SyncTaskFullSyncStopped event) {
        moveFullSync(event.id(), event, event.at());
    }

    /** Stores the task's full sync as {@link FullSync#next} moves it; answers it (null for an unknown task). */
    private FullSync moveFullSync(String id, Object event, Instant at) {
        Optional<Row> row = jdbc.query("select * from sync_task where id = ?", this::row, id).stream().findFirst();
        if (row.isEmpty()) {
            return null;
        }
        FullSync current = row.get().fullSync();
        FullSync next = FullSync.next(current, event);
        if (next != current) {
            jdbc.update("""
                    update sync_task set full_sync_generation = ?, full_sync_phase = ?, full_sync_started_at = ?,
                    full_sync_definition = ?, full_sync_reason = ?, full_sync_ended_at = ?, updated_at = ?
                    where id = ?""", next.generation(), next.phase().name(), Timestamp.from(next.startedAt()),
                    next.building() == null ? null : write(next.building()), next.reason(),
                    next.endedAt() == null ? null : Timestamp.from(next.endedAt()), Timestamp.from(at), id);
        }
        return next;
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
        String id = rs.getString("id");
        String phase = rs.getString("full_sync_phase");
        FullSync fullSync = phase == null ? null : new FullSync(rs.getLong("full_sync_generation"),
                FullSync.Phase.valueOf(phase), read(id, rs.getString("full_sync_definition")),
                instant(rs, "full_sync_started_at"), rs.getString("full_sync_reason"), instant(rs, "full_sync_ended_at"));
        return new Row(id, read(id, rs.getString("definition")), rs.getBoolean("paused"), rs.getBoolean("deleted"),
                rs.getLong("revision"), instant(rs, "created_at"), instant(rs, "updated_at"), fullSync,
                rs.getString("live_location"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private SyncTaskDefinition read(String id, String definition) {
        try {
            return definition == null ? null : json.readValue(definition, SyncTaskDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable definition of sync task " + id, e);
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
