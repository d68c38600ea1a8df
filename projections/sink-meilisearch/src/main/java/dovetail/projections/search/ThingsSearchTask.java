package dovetail.projections.search;

import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.BuiltInTask;
import org.springframework.stereotype.Component;

/** The built-in {@code things-search} task: the index {@code searchThings} reads ({@code dovetail.search.things-index}). */
@Component
class ThingsSearchTask implements BuiltInTask {

    private final SearchProperties search;

    ThingsSearchTask(SearchProperties search) {
        this.search = search;
    }

    @Override
    public String id() {
        return "things-search";
    }

    @Override
    public SyncTaskDefinition definition() {
        return new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec(search.thingsIndex(),
                ThingDocument.PRIMARY_KEY, ThingDocument.SEARCHABLE_ATTRIBUTES, ThingDocument.FILTERABLE_ATTRIBUTES,
                ThingDocument.SORTABLE_ATTRIBUTES)), null, null, null);
    }
}
