package dovetail.projections.sink;

/**
 * A sink that can count what it holds, so that a full sync checks its copy before swapping it in: a copy that lacks
 * documents never replaces the live data.
 */
public interface CountedSink {

    /** How many documents the sink holds, once everything delivered to it is in effect (it waits for that). */
    long documentCount();

    /** Whether the sink keeps the document of this Thing (a shard keeps only its own Things). */
    boolean keeps(String thingId);

    /** How many of the sink's tasks its engine failed (each re-delivered or parked since), for the report. */
    long failedTasks();
}
