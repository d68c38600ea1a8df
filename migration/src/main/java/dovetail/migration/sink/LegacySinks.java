package dovetail.migration.sink;

import dovetail.domain.synctask.LegacySinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.migration.legacy.LegacyStore;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import dovetail.projections.sink.SinkTarget;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tasks whose sink is the legacy store deliver through a {@link LegacySink}. The one data source is
 * {@code legacy} with its configured table; a task naming another fails (and retries) with the reason.
 */
@Component
class LegacySinks implements SinkFactory {

    static final String DATA_SOURCE = "legacy";

    private final ObjectProvider<LegacyStore> store;

    LegacySinks(ObjectProvider<LegacyStore> store) {
        this.store = store;
    }

    @Override
    public boolean builds(SyncTaskDefinition definition) {
        return definition.sink().legacy() != null;
    }

    @Override
    public Sink create(String taskId, SyncTaskDefinition definition, SinkTarget target, String liveLocation) {
        LegacySinkSpec spec = definition.sink().legacy();
        LegacyStore legacy = store.getIfAvailable();
        if (legacy == null) {
            throw new IllegalStateException("Sync task " + taskId + " delivers to the legacy store, but none is "
                                            + "configured (dovetail.legacy.datasource.url)");
        }
        if (!DATA_SOURCE.equals(spec.dataSource()) || !legacy.table().equals(spec.table())) {
            throw new IllegalStateException("Sync task " + taskId + " names data source " + spec.dataSource()
                    + " table " + spec.table() + "; configured is " + DATA_SOURCE + " table " + legacy.table());
        }
        return new LegacySink(legacy);
    }
}
