package dovetail.projections.sink;

import dovetail.domain.synctask.SyncTaskDefinition;
import java.util.List;

/** Builds the sinks of the task definitions of one kind; each sink kind brings its own factory as a bean. */
public interface SinkFactory {

    /** Whether this factory builds the sinks of this definition. */
    boolean builds(SyncTaskDefinition definition);

    /** The definition's targets ({@link #builds} being true): one {@link SinkTarget#ONLY} for most kinds. */
    default List<SinkTarget> targets(SyncTaskDefinition definition) {
        return List.of(SinkTarget.ONLY);
    }

    /**
     * The sink of one target of task {@code taskId}, delivering into {@code liveLocation}: where the task's data lives
     * since a full sync moved it ({@link RelocatingSinks}), or null for where the definition says.
     */
    Sink create(String taskId, SyncTaskDefinition definition, SinkTarget target, String liveLocation);
}
