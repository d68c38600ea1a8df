package dovetail.projections.synctask;

import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.ListSyncTasks;
import dovetail.domain.synctask.SyncTaskChange;
import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskHistory;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers what operators ask of tasks. Position comes from the token store (shared by all instances): the lowest
 * position over the task's segments. Head is the newest event's global index; lag in seconds is the age of the
 * oldest event the task has not delivered yet. Statistics are this instance's.
 */
@Component
class SyncTaskQueries {

    private final SyncTaskTable table;
    private final SyncTaskRuntime runtime;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventStore events;

    SyncTaskQueries(SyncTaskTable table, SyncTaskRuntime runtime, JdbcTemplate jdbc,
                    @Qualifier("serializer") Serializer serializer, EventStore events) {
        this.events = events;
        this.table = table;
        this.runtime = runtime;
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    @QueryHandler
    Optional<SyncTaskView> handle(FindSyncTask query) {
        return table.find(query.id()).map(row -> view(row, head()));
    }

    @QueryHandler
    List<SyncTaskView> handle(ListSyncTasks query) {
        long head = head();
        return table.all().stream().filter(row -> !row.deleted()).map(row -> view(row, head))
                    .filter(view -> query.status() == null || view.status() == query.status()).toList();
    }

    /** The task's own events are its audit trail: every configuration, pause, resume and deletion, in order. */
    @QueryHandler
    List<SyncTaskChange> handle(SyncTaskHistory query) {
        if (!SyncTaskRules.checkId(query.id()).isEmpty()) {
            return List.of();
        }
        try {
            return events.readEvents(query.id()).asStream().map(event -> new SyncTaskChange(
                    event.getPayloadType().getSimpleName(), event.getTimestamp(), definitionOf(event.getPayload())))
                    .toList();
        } catch (AggregateNotFoundException unknown) {
            return List.of();
        }
    }

    private static SyncTaskDefinition definitionOf(Object event) {
        if (event instanceof SyncTaskCreated created) {
            return created.definition();
        }
        return event instanceof SyncTaskReconfigured reconfigured ? reconfigured.definition() : null;
    }

    /** The newest event's global index, read once per question however many tasks it covers. */
    private long head() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private SyncTaskView view(SyncTaskTable.Row row, long head) {
        Optional<TaskMonitor> monitor = runtime.monitor(row.id());
        long position = position(row.id());
        long lag = Math.max(0, head - position);
        Double lagSeconds = 0.0;
        if (lag > 0) {
            List<String> oldest = jdbc.queryForList(
                    "select time_stamp from domain_event_entry where global_index > ? order by global_index limit 1",
                    String.class, position);
            lagSeconds = oldest.isEmpty() ? 0.0
                    : Math.max(0, Duration.between(Instant.parse(oldest.get(0)), Instant.now()).toMillis() / 1000.0);
        }
        SyncTaskStatus status = row.deleted() ? SyncTaskStatus.DELETED
                : row.paused() ? SyncTaskStatus.PAUSED
                : monitor.map(TaskMonitor::failing).orElse(false) ? SyncTaskStatus.FAILED
                : SyncTaskStatus.ACTIVE;
        return new SyncTaskView(row.id(), row.definition(), status, position, head, lag, lagSeconds,
                monitor.map(TaskMonitor::lastError).orElse(null), monitor.map(TaskMonitor::lastErrorAt).orElse(null),
                monitor.map(TaskMonitor::countsByType).orElse(Map.of()), monitor.map(TaskMonitor::delivered).orElse(0L),
                monitor.map(TaskMonitor::failures).orElse(0L), monitor.map(TaskMonitor::throughput).orElse(0.0),
                monitor.map(m -> m.latencyMillis(0.5)).orElse(null), monitor.map(m -> m.latencyMillis(0.95)).orElse(null),
                monitor.map(m -> m.latencyMillis(0.99)).orElse(null));
    }

    /** The lowest global index every segment of the task has passed (0: none yet). */
    private long position(String taskId) {
        List<OptionalLong> positions = jdbc.query(
                "select token, token_type from token_entry where processor_name = ?",
                (rs, i) -> {
                    byte[] token = rs.getBytes("token");
                    if (token == null) {
                        return OptionalLong.empty();
                    }
                    TrackingToken tracking = serializer.deserialize(
                            new SimpleSerializedObject<>(token, byte[].class, rs.getString("token_type"), null));
                    return tracking == null ? OptionalLong.empty() : tracking.position();
                },
                SyncTaskRunner.processorName(taskId));
        if (positions.isEmpty()) {
            return 0;
        }
        return positions.stream().mapToLong(p -> p.orElse(0)).min().orElse(0);
    }
}
