package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The tasks as a sink kind's readers see them: each task's definition and where its data lives now, and which of its
 * targets are behind. Search reads this to know which indexes to query, and which replicas to avoid.
 */
@Component
public class TaskStates {

    /** A task not deleted: {@code liveLocation} is where a full sync moved its data, or null for its definition's. */
    public record TaskState(String id, SyncTaskDefinition definition, String liveLocation, long revision) {
    }

    private final SyncTaskTable table;
    private final TaskPositions positions;
    private final TaskMonitors monitors;
    private final SinkKinds kinds;

    TaskStates(SyncTaskTable table, TaskPositions positions, TaskMonitors monitors, SinkKinds kinds) {
        this.table = table;
        this.positions = positions;
        this.monitors = monitors;
        this.kinds = kinds;
    }

    public List<TaskState> tasks() {
        return table.all().stream().filter(row -> !row.deleted())
                .map(row -> new TaskState(row.id(), row.definition(), row.liveLocation(), row.revision())).toList();
    }

    /** The names of the task's targets that fail on this instance, or are more than a batch behind the head. */
    public Set<String> targetsBehind(TaskState task) {
        long head = positions.head();
        Set<String> behind = new HashSet<>();
        for (String name : kinds.names(task.definition())) {
            boolean failing = monitors.find(task.id(), name).map(TaskMonitor::failing).orElse(false);
            long lag = positions.progress(TaskTarget.processorName(task.id(), name),
                    task.definition().options().segments(), head).lag();
            if (failing || lag > task.definition().options().batchSize()) {
                behind.add(name);
            }
        }
        return behind;
    }
}
