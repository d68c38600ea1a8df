package dovetail.projections.sink;

import dovetail.domain.synctask.SyncTaskDefinition;

/**
 * A sink factory whose full sync may move a task's data to another place under a new definition (another layout of
 * its engine's servers): the copies become the live data where they were built, and the old place is dropped.
 */
public interface RelocatingSinks extends SinkFactory {

    /** The place full sync {@code generation} builds copies for definition {@code next} in. */
    String copyLocation(SyncTaskDefinition next, long generation);

    /** The place the task's data lives in: {@code liveLocation}, or where the definition says when that is null. */
    String location(SyncTaskDefinition definition, String liveLocation);

    /** Enqueues the removal of the data at that place on each of the definition's servers. */
    void dropLive(SyncTaskDefinition definition, String liveLocation);
}
