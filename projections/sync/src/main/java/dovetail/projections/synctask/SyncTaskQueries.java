package dovetail.projections.synctask;

import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.FullSync;
import dovetail.domain.synctask.FindSyncTaskTargets;
import dovetail.domain.synctask.FullSyncProgress;
import dovetail.domain.synctask.SyncTaskTargetView;
import java.util.ArrayList;
import dovetail.domain.synctask.ListSyncTasks;
import dovetail.domain.synctask.SyncTaskChange;
import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskHistory;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.projections.sink.SinkTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryHandler;
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
    private final TaskMonitors monitors;
    private final JdbcTemplate jdbc;
    private final TaskPositions positions;
    private final EventStore events;
    private final SinkKinds kinds;

    SyncTaskQueries(SyncTaskTable table, TaskMonitors monitors, JdbcTemplate jdbc, TaskPositions positions,
                    EventStore events, SinkKinds kinds) {
        this.events = events;
        this.kinds = kinds;
        this.positions = positions;
        this.table = table;
        this.monitors = monitors;
        this.jdbc = jdbc;
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

    /** The definition the event set, as clients may see it (a webhook's secret left out). */
    private static SyncTaskDefinition definitionOf(Object event) {
        if (event instanceof SyncTaskCreated created) {
            return created.definition().withoutSecrets();
        }
        return event instanceof SyncTaskReconfigured reconfigured ? reconfigured.definition().withoutSecrets() : null;
    }

    private long head() {
        return positions.head();
    }

    /** Each target of the task: its own processor's position, lag, letters, and this instance's view of its health. */
    @QueryHandler
    List<SyncTaskTargetView> handle(FindSyncTaskTargets query) {
        Optional<SyncTaskTable.Row> found = SyncTaskRules.checkId(query.id()).isEmpty() ? table.find(query.id())
                : Optional.empty();
        if (found.isEmpty()) {
            return List.of();
        }
        SyncTaskTable.Row row = found.get();
        long head = head();
        List<SyncTaskTargetView> targets = new ArrayList<>();
        for (SinkTarget target : kinds.targets(row.definition())) {
            String name = target.name();
            String processor = TaskTarget.processorName(row.id(), name);
            long position = positions.progress(processor, row.definition().options().segments(), head).position();
            Optional<TaskMonitor> monitor = monitors.find(row.id(), name);
            SyncTaskStatus status = row.paused() ? SyncTaskStatus.PAUSED
                    : monitor.map(TaskMonitor::failing).orElse(false) ? SyncTaskStatus.FAILED
                    : row.fullSyncRunning() ? SyncTaskStatus.FULL_SYNC : SyncTaskStatus.ACTIVE;
            targets.add(new SyncTaskTargetView(name == null ? row.id() : name, target.instance(), target.shard(),
                    processor, status, position, Math.max(0, head - position),
                    monitor.map(TaskMonitor::lastError).orElse(null), deadLetters(processor)));
        }
        return targets;
    }

    private long deadLetters(String processor) {
        Long count = jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ?",
                Long.class, processor);
        return count == null ? 0 : count;
    }

    private SyncTaskView view(SyncTaskTable.Row row, long head) {
        List<String> targets = kinds.names(row.definition());
        // the first target's (every target sees every event, so its counts are the task's), or the task's own
        Optional<TaskMonitor> monitor = monitors.find(row.id(), targets.get(0))
                .or(() -> monitors.find(row.id(), null));
        // a task with several targets stands where its slowest target stands
        long position = targets.stream().mapToLong(name -> positions.progress(
                TaskTarget.processorName(row.id(), name), row.definition().options().segments(), head).position())
                .min().orElse(0);
        // any target failing, or the task's own full sync failing to start or hand over (name null)
        Optional<TaskMonitor> failing = java.util.stream.Stream.concat(targets.stream(),
                        java.util.stream.Stream.of((String) null)).distinct()
                .map(name -> monitors.find(row.id(), name)).flatMap(Optional::stream)
                .filter(TaskMonitor::failing).findFirst();
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
                : failing.isPresent() ? SyncTaskStatus.FAILED
                : row.fullSyncRunning() ? SyncTaskStatus.FULL_SYNC
                : SyncTaskStatus.ACTIVE;
        long deadLetters = targets.stream().mapToLong(name -> deadLetters(TaskTarget.processorName(row.id(), name)))
                .sum();
        Optional<TaskMonitor> reported = failing.isPresent() ? failing : monitor;
        String lastError = reported.map(TaskMonitor::lastError).orElse(null);
        Instant lastErrorAt = reported.map(TaskMonitor::lastErrorAt).orElse(null);
        String lastErrorTraceId = reported.map(TaskMonitor::lastErrorTraceId).orElse(null);
        FullSync fullSync = row.fullSync();
        if (row.in(FullSync.Phase.STOPPED) && (lastErrorAt == null || fullSync.endedAt().isAfter(lastErrorAt))) {
            // recorded in the table, so every instance tells it, not only the one that stopped the full sync
            lastError = "Full sync " + fullSync.generation() + " was stopped and the live data kept: "
                        + fullSync.reason();
            lastErrorAt = fullSync.endedAt();
            lastErrorTraceId = null;
        }
        return new SyncTaskView(row.id(), row.definition().withoutSecrets(), status, position, head, lag, lagSeconds,
                lastError, lastErrorAt, lastErrorTraceId,
                monitor.map(TaskMonitor::countsByType).orElse(Map.of()), monitor.map(TaskMonitor::delivered).orElse(0L),
                monitor.map(TaskMonitor::failures).orElse(0L), monitor.map(TaskMonitor::throughput).orElse(0.0),
                monitor.map(m -> m.latencyMillis(0.5)).orElse(null), monitor.map(m -> m.latencyMillis(0.95)).orElse(null),
                monitor.map(m -> m.latencyMillis(0.99)).orElse(null), fullSyncProgress(row, head),
                deadLetters);
    }

    /** The running full sync: how far its copy is, its average rate since it started, and the time left at it. */
    private FullSyncProgress fullSyncProgress(SyncTaskTable.Row row, long head) {
        if (!row.fullSyncRunning()) {
            return null;
        }
        FullSync fullSync = row.fullSync();
        TaskPositions.Progress progress = row.in(FullSync.Phase.HANDOVER)
                ? new TaskPositions.Progress(head, true, head)
                : kinds.names(row.building()).stream().map(name -> positions.progress(
                        TaskTarget.fullSyncProcessorName(row.id(), fullSync.generation(), name), 1, head))
                        .min(java.util.Comparator.comparingLong(TaskPositions.Progress::position)).orElseThrow();
        double seconds = Math.max(0.001, Duration.between(fullSync.startedAt(), Instant.now()).toMillis() / 1000.0);
        double rate = progress.position() / seconds;
        Double eta = rate > 0 ? progress.lag() / rate : null;
        return new FullSyncProgress(fullSync.generation(), fullSync.phase().name(), fullSync.startedAt(),
                progress.position(), head, progress.lag(), rate, eta);
    }
}
