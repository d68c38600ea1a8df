package dovetail.projections.sink;

import dovetail.domain.synctask.SyncTaskDefinition;
import java.util.Optional;

/** Builds the sink a task definition names; each sink kind brings its own factory. */
public interface SinkFactory {

    /** The sink for this definition, or empty when the definition names another kind. */
    Optional<Sink> create(String taskId, SyncTaskDefinition definition);
}
