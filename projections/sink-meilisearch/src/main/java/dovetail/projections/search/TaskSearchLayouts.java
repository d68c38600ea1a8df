package dovetail.projections.search;

import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.projections.synctask.TaskStates;
import dovetail.projections.synctask.TaskStates.TaskState;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The layout search reads an index with, from the task that fills it, read at each search: a task that moved to
 * another layout switches search over in the same transaction that records its full sync completed. For a
 * replicated task it also names the replicas that are behind (their delivery fails on this instance, or their
 * position lags the head by more than a batch), read at most once a second.
 */
@Component
class TaskSearchLayouts implements SearchLayout.Source {

    private static final long BEHIND_FOR_NANOS = Duration.ofSeconds(1).toNanos();

    private final TaskStates tasks;
    private final Map<String, Behind> behind = new ConcurrentHashMap<>();

    TaskSearchLayouts(TaskStates tasks) {
        this.tasks = tasks;
    }

    @Override
    public SearchLayout of(String index) {
        return tasks.tasks().stream()
                .filter(task -> task.definition().sink().meilisearch() != null
                                && index.equals(task.definition().sink().meilisearch().index()))
                .findFirst()
                .map(task -> {
                    MeilisearchSinkSpec spec = task.definition().sink().meilisearch();
                    MeilisearchTopology topology = SyncTaskRules.topologyOf(spec);
                    return new SearchLayout(topology, SyncTaskRules.instancesOf(spec),
                            task.liveLocation() == null ? spec.index() : task.liveLocation(),
                            topology == MeilisearchTopology.REPLICATED ? behind(task) : Set.of());
                })
                .orElseGet(() -> SearchLayout.single(index));
    }

    private Set<String> behind(TaskState task) {
        long now = System.nanoTime();
        Behind known = behind.get(task.id());
        if (known != null && known.revision() == task.revision() && now - known.at() < BEHIND_FOR_NANOS) {
            return known.replicas();
        }
        Set<String> replicas = Set.copyOf(tasks.targetsBehind(task));
        behind.put(task.id(), new Behind(task.revision(), now, replicas));
        return replicas;
    }

    private record Behind(long revision, long at, Set<String> replicas) {
    }
}
