package dovetail.projections.synctask;

import dovetail.domain.synctask.FullSync;
import dovetail.domain.synctask.DeadLetterCount;
import dovetail.domain.synctask.DeadLetterOutcome;
import dovetail.domain.synctask.DeadLetterReport;
import dovetail.domain.synctask.DeadLetterView;
import dovetail.domain.synctask.DeadLettersEvicted;
import dovetail.domain.synctask.DeadLettersProcessed;
import dovetail.domain.synctask.EvictDeadLetters;
import dovetail.domain.synctask.FindDeadLetters;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.ReprocessDeadLetters;
import dovetail.domain.synctask.SyncTaskNotFound;
import dovetail.domain.synctask.SyncTaskNotRunning;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.thing.Problem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queues as operators see and work them: a report per task (or over all tasks), reprocessing
 * (through the task's current filter, transform and sink), and eviction.
 */
@Component
class DeadLetterHandlers {

    static final int MAX_LIMIT = 1000;
    private static final String PREFIX = SyncTaskRunner.processorName("");

    private final SyncTaskTable table;
    private final DeadLetterQueues queues;
    private final JdbcTemplate jdbc;
    private final SinkKinds kinds;
    private final TaskMonitors monitors;

    DeadLetterHandlers(SyncTaskTable table, DeadLetterQueues queues, JdbcTemplate jdbc, SinkKinds kinds,
                       TaskMonitors monitors) {
        this.table = table;
        this.queues = queues;
        this.jdbc = jdbc;
        this.kinds = kinds;
        this.monitors = monitors;
    }

    @QueryHandler
    Optional<DeadLetterReport> handle(FindDeadLetters query) {
        if (query.taskId() != null && (!SyncTaskRules.checkId(query.taskId()).isEmpty()
                                       || table.find(query.taskId()).isEmpty())) {
            return Optional.empty();
        }
        // one task's queue, or every live task's (a running full sync's letters join its task at the hand-over)
        // a replicated or sharded task has a queue per target: sync-task:<id>@<instance>
        String where = query.taskId() == null ? "processing_group like ? and processing_group not like '%"
                + SyncTaskRunner.FULL_SYNC_PROCESSOR_MARK + "%'" : "split_part(processing_group, '@', 1) = ?";
        Object group = query.taskId() == null ? PREFIX + "%" : SyncTaskRunner.processorName(query.taskId());
        int limit = Math.max(0, Math.min(query.limit(), MAX_LIMIT));
        long total = count("select count(*) from dead_letter_entry where " + where, group);
        long things = count("select count(*) from (select distinct processing_group, sequence_identifier "
                            + "from dead_letter_entry where " + where + ") s", group);
        List<DeadLetterCount> byTask = jdbc.query("select processing_group, count(*) n from dead_letter_entry where "
                + where + " group by processing_group order by n desc, processing_group",
                (rs, i) -> new DeadLetterCount(taskOf(rs.getString(1)), rs.getLong(2)), group);
        List<DeadLetterCount> byError = jdbc.query("select cause_message, count(*) n from dead_letter_entry where "
                + where + " and cause_message is not null group by cause_message order by n desc, cause_message",
                (rs, i) -> new DeadLetterCount(rs.getString(1), rs.getLong(2)), group);
        String letters = """
                select * from (select d.*, sequence_index - min(sequence_index)
                    over (partition by processing_group, sequence_identifier) as index_in_sequence
                  from dead_letter_entry d where %s) l
                order by enqueued_at %s, processing_group, sequence_identifier, sequence_index limit ?""";
        // the oldest and newest letter whatever the page size: first: 0 asks for the totals alone
        List<DeadLetterView> first = jdbc.query(letters.formatted(where, "asc"), this::letter, group,
                Math.max(limit, 1));
        List<DeadLetterView> newest = jdbc.query(letters.formatted(where, "desc"), this::letter, group, 1);
        return Optional.of(new DeadLetterReport(query.taskId(), total, things, byTask, byError,
                first.isEmpty() ? null : first.get(0), newest.isEmpty() ? null : newest.get(0),
                first.subList(0, Math.min(limit, first.size()))));
    }

    @CommandHandler
    DeadLetterOutcome handle(ReprocessDeadLetters command) {
        Optional<DeadLetterOutcome> refused = check(command.taskId(), command.limit());
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<int[]> done = reprocess(command.taskId(), command.limit());
        if (done.isEmpty()) {
            return new SyncTaskNotRunning(command.taskId());
        }
        int[] counts = done.get();
        return new DeadLettersProcessed(command.taskId(), counts[0], counts[1], counts[2], remaining(command.taskId()));
    }

    @CommandHandler
    DeadLetterOutcome handle(EvictDeadLetters command) {
        Optional<DeadLetterOutcome> refused = check(command.taskId(), 1);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<String> things = command.thingIds() == null ? List.of() : command.thingIds();
        if (!command.all() && things.isEmpty()) {
            return new InvalidTaskDefinition(List.of(new Problem("thingIds",
                    "name the Things whose letters to evict, or set all: true")));
        }
        if (command.all() && !things.isEmpty()) {
            return new InvalidTaskDefinition(List.of(new Problem("all",
                    "evicts every letter of the task; do not name Things with it")));
        }
        long evicted = 0;
        for (String processor : processors(command.taskId())) {
            evicted += queues.of(processor).evict(command.all() ? null : things);
        }
        return new DeadLettersEvicted(command.taskId(), evicted, remaining(command.taskId()));
    }

    private Optional<DeadLetterOutcome> check(String taskId, int limit) {
        if (!SyncTaskRules.checkId(taskId).isEmpty() || table.find(taskId).isEmpty()) {
            return Optional.of(new SyncTaskNotFound(String.valueOf(taskId)));
        }
        List<Problem> problems = new ArrayList<>();
        if (limit < 1 || limit > MAX_LIMIT) {
            problems.add(new Problem("limit", "must be between 1 and " + MAX_LIMIT));
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(new InvalidTaskDefinition(problems));
    }

    /**
     * Delivers the parked events of up to {@code limit} Things of the task again, through its definition as
     * recorded now (so a fix made with {@code updateSyncTask} applies at once, whichever instance runs the task).
     * Empty while the task is paused or being handed over after a full sync.
     */
    private Optional<int[]> reprocess(String taskId, int limit) {
        Optional<SyncTaskTable.Row> found = table.find(taskId);
        if (found.isEmpty() || found.get().paused() || found.get().in(FullSync.Phase.HANDOVER)) {
            return Optional.empty();
        }
        SyncTaskTable.Row row = found.get();
        List<TaskTarget> targets = kinds.open(taskId, row.definition(), row.liveLocation());
        try {
            int[] counts = new int[3];
            for (TaskTarget target : targets) {
                target.sink().prepare();
                int[] done = new TaskDelivery(taskId, row.definition(), target.sink(),
                        monitors.of(taskId, target.name()), queues.of(target.processor(taskId)), null).reprocess(limit);
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += done[i];
                }
            }
            return Optional.of(counts);
        } finally {
            TaskTarget.closeAll(targets);
        }
    }

    private long remaining(String taskId) {
        return count("select count(*) from dead_letter_entry where split_part(processing_group, '@', 1) = ?",
                SyncTaskRunner.processorName(taskId));
    }

    private List<String> processors(String taskId) {
        return table.find(taskId).map(row -> kinds.names(row.definition()).stream()
                .map(name -> TaskTarget.processorName(taskId, name)).toList()).orElse(List.of());
    }

    private long count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }

    private static String taskOf(String processingGroup) {
        return processingGroup.substring(PREFIX.length());
    }

    private DeadLetterView letter(ResultSet rs, int index) throws SQLException {
        String payloadType = rs.getString("payload_type");
        return new DeadLetterView(taskOf(rs.getString("processing_group")), rs.getString("sequence_identifier"),
                rs.getLong("index_in_sequence"), payloadType.substring(payloadType.lastIndexOf('.') + 1),
                rs.getString("event_identifier"), (Long) rs.getObject("sequence_number"),
                rs.getString("cause_type"), rs.getString("cause_message"),
                rs.getTimestamp("enqueued_at").toInstant(),
                rs.getTimestamp("last_touched") == null ? null : rs.getTimestamp("last_touched").toInstant());
    }
}
