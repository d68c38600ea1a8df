package dovetail.projections.search;

import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskRules;
import java.util.List;
import java.util.Set;

/**
 * Where an index's documents live now: its topology, its instances (shard i on instance i), and the name (before
 * the deployment's prefix) of the live index on each, which after a move to another layout is that full sync's copy.
 * {@code behind} names the replicas whose delivery fails or lags (search asks them only when no other answers).
 */
public record SearchLayout(MeilisearchTopology topology, List<String> instances, String index, Set<String> behind) {

    public SearchLayout {
        instances = List.copyOf(instances);
        behind = Set.copyOf(behind);
    }

    /** One index on the default instance: an index no task describes. */
    public static SearchLayout single(String index) {
        return new SearchLayout(MeilisearchTopology.SINGLE, List.of(SyncTaskRules.DEFAULT_INSTANCE), index, Set.of());
    }

    /** Reads the layouts of indexes from the tasks that fill them (the task runtime answers). */
    public interface Source {

        /** The layout of the index named {@code index} (before the prefix), as the task filling it has it now. */
        SearchLayout of(String index);
    }
}
