package dovetail.domain.synctask;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A full sync of the task started; {@code generation} numbers the task's full syncs from 1. {@code definition} is
 * null for a full sync of the task as it is, or the definition the full sync builds (a Meilisearch task moved to
 * another topology or set of instances), which becomes the task's definition once its copy is swapped in.
 */
@Revision("1")
public record SyncTaskFullSyncRequested(String id, long generation, Instant at, SyncTaskDefinition definition)
        implements SyncTaskEvent {

    public SyncTaskFullSyncRequested(String id, long generation, Instant at) {
        this(id, generation, at, null);
    }
}
