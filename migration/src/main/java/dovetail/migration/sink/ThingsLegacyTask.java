package dovetail.migration.sink;

import dovetail.domain.synctask.LegacySinkSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import dovetail.migration.legacy.LegacyStore;
import dovetail.projections.sink.BuiltInTask;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The built-in {@code things-legacy} task, when a legacy store is configured: the legacy table kept current. */
@Component
@ConditionalOnProperty("dovetail.legacy.datasource.url")
class ThingsLegacyTask implements BuiltInTask {

    public static final String ID = "things-legacy";

    private final LegacyStore store;

    ThingsLegacyTask(LegacyStore store) {
        this.store = store;
    }

    @Override
    public String id() {
        return ID;
    }

    /** Small batches, delivered soon: the legacy side reads its table live during dual-run. */
    @Override
    public SyncTaskDefinition definition() {
        return new SyncTaskDefinition(new SinkSpec(new LegacySinkSpec(LegacySinks.DATA_SOURCE, store.table())), null,
                null, new TaskOptions(500, null, null, null));
    }
}
