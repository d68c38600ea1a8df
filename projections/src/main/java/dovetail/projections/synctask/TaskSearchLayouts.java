package dovetail.projections.synctask;

import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.projections.search.SearchLayout;
import java.time.Duration;
import java.util.HashSet;
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

    private final SyncTaskTable table;
    private final TaskPositions positions;
    private final SyncTaskRuntime runtime;
    private final Map<String, Behind> behind = new ConcurrentHashMap<>();

    TaskSearchLayouts(SyncTaskTable table, TaskPositions positions, SyncTaskRuntime runtime) {
        this.table = table;
        this.positions = positions;
        this.runtime = runtime;
    }

    @Override
    public SearchLayout of(String index) {
        return table.all().stream().filter(row -> !row.deleted())
                .filter(row -> row.definition().sink().meilisearch() != null
                               && index.equals(row.definition().sink().meilisearch().index()))
                .findFirst()
                .map(row -> {
                    MeilisearchSinkSpec spec = row.definition().sink().meilisearch();
                    MeilisearchTopology topology = SyncTaskRules.topologyOf(spec);
                    return new SearchLayout(topology, SyncTaskRules.instancesOf(spec),
                            row.liveIndex() == null ? spec.index() : row.liveIndex(),
                            topology == MeilisearchTopology.REPLICATED ? behind(row) : Set.of());
                })
                .orElseGet(() -> SearchLayout.single(index));
    }

    private Set<String> behind(SyncTaskTable.Row row) {
        long now = System.nanoTime();
        Behind known = behind.get(row.id());
        if (known != null && known.revision() == row.revision() && now - known.at() < BEHIND_FOR_NANOS) {
            return known.replicas();
        }
        long head = positions.head();
        Set<String> replicas = new HashSet<>();
        for (String name : TaskTarget.names(row.definition())) {
            boolean failing = runtime.monitor(row.id(), name).map(TaskMonitor::failing).orElse(false);
            long lag = positions.progress(TaskTarget.processorName(row.id(), name),
                    row.definition().options().segments(), head).lag();
            if (failing || lag > row.definition().options().batchSize()) {
                replicas.add(name);
            }
        }
        behind.put(row.id(), new Behind(row.revision(), now, Set.copyOf(replicas)));
        return replicas;
    }

    private record Behind(long revision, long at, Set<String> replicas) {
    }
}
