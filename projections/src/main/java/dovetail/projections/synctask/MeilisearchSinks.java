package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.MeilisearchSink;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Tasks whose sink is a Meilisearch index deliver through {@link MeilisearchSink}. */
@Component
class MeilisearchSinks implements SinkFactory {

    private final MeilisearchIndexes indexes;

    MeilisearchSinks(MeilisearchIndexes indexes) {
        this.indexes = indexes;
    }

    @Override
    public Optional<Sink> create(String taskId, SyncTaskDefinition definition) {
        return Optional.ofNullable(definition.sink().meilisearch()).map(spec -> MeilisearchSink.of(indexes, spec));
    }
}
