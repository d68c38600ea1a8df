package dovetail.projections.synctask;

import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.projections.search.SearchLayout;
import org.springframework.stereotype.Component;

/**
 * The layout search reads an index with, from the task that fills it, read at each search: a task that moved to
 * another layout switches search over in the same transaction that records its full sync completed.
 */
@Component
class TaskSearchLayouts implements SearchLayout.Source {

    private final SyncTaskTable table;

    TaskSearchLayouts(SyncTaskTable table) {
        this.table = table;
    }

    @Override
    public SearchLayout of(String index) {
        return table.all().stream().filter(row -> !row.deleted())
                .filter(row -> row.definition().sink().meilisearch() != null
                               && index.equals(row.definition().sink().meilisearch().index()))
                .findFirst()
                .map(row -> {
                    MeilisearchSinkSpec spec = row.definition().sink().meilisearch();
                    return new SearchLayout(SyncTaskRules.topologyOf(spec), SyncTaskRules.instancesOf(spec),
                            row.liveIndex() == null ? spec.index() : row.liveIndex());
                })
                .orElseGet(() -> SearchLayout.single(index));
    }
}
