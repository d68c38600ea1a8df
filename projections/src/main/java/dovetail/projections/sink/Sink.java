package dovetail.projections.sink;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a sync task delivers. Delivery is at-least-once, so sinks are idempotent: the same batch delivered twice
 * leaves the same state. A batch holds changes in event order; a sink may collapse several changes of one id to
 * the last. {@link #deliver} returns only once the sink has durably accepted the whole batch; any exception means
 * it did not, and the task will deliver the batch again.
 */
public interface Sink extends AutoCloseable {

    /** Creates what the sink needs before the first delivery (an index and its settings, a table, a topic). */
    void prepare();

    void deliver(List<DocumentChange> batch, Duration timeout);

    /**
     * Work the sink can do for one change before its batch is delivered (a Kafka sink builds its records): a task
     * calls it on the thread that turns events into changes, so it overlaps the delivery of earlier batches, and
     * hands the results back to {@link #deliver(List, List, Duration)}. Null when there is nothing to do ahead. A
     * change encoded so reaches {@code deliver} without its document: the encoding stands for it.
     */
    default Object encode(DocumentChange change) {
        return null;
    }

    /**
     * Whether the sink can encode a Thing event from its payload as stored ({@link #encodeStored}), without the event
     * being read into an object. A task whose filter decides by event type alone then hands it the stored payloads.
     */
    default boolean encodesStored() {
        return false;
    }

    /**
     * {@link #encode} for a Thing event of type {@code eventType} that the task takes whole, from its payload as
     * stored (JSON): the change it makes, with its encoding. Null when the sink cannot read this payload so; the task
     * then reads the event and goes the usual way.
     */
    default StoredChange encodeStored(Class<?> eventType, byte[] payload) {
        return null;
    }

    /**
     * A change built from a stored event, with what the sink encoded for it. The change has no event object: the
     * encoding stands for it.
     */
    record StoredChange(DocumentChange change, Object encoding) {
    }

    /**
     * {@link #deliver(List, Duration)} with what {@link #encode} answered for each change (same order; an entry may
     * be null, and the sink then does that work itself). By default the encodings are not used.
     */
    default void deliver(List<DocumentChange> batch, List<Object> encoded, Duration timeout) {
        deliver(batch, timeout);
    }

    /**
     * For a full sync: a sink that builds a fresh copy beside this one (a new index), to be swapped in with
     * {@link #swapIn} once it has caught up. Empty for sinks that replay in place, idempotently.
     */
    default Optional<Sink> rebuildCopy(long generation) {
        return Optional.empty();
    }

    /**
     * Makes the copy of full sync {@code generation} the live data, atomically, and drops what was live before.
     * Idempotent: called again after it succeeded (say, after a crash), it changes nothing.
     */
    default void swapIn(long generation) {
        throw new UnsupportedOperationException(describe() + " has no copy to swap in");
    }

    /**
     * Whether what was delivered so far is (nearly) in effect (for Meilisearch: indexed, not only enqueued, but for
     * the last batch or two). A full sync hands over only once its copy has settled, so the live task is stopped for
     * little more than the swap.
     */
    default boolean settled() {
        return true;
    }

    /**
     * Waits until everything delivered so far is in effect (for Meilisearch: indexed), or fails. A full sync that
     * moves a task to another layout makes its copies live without a swap, which would otherwise queue behind their
     * last batches: it waits so, once nothing more is delivered to them, before searches turn to them.
     */
    default void awaitInEffect() {
    }

    /**
     * Whether deliveries that reach the sink while it is still working on an earlier one are processed together, so
     * that what costs is the number of rounds of work, not of deliveries (Meilisearch indexes every addition queued
     * for an index in one batch, and each batch pays a fixed cost over the whole index). A task reading a long
     * history then makes its first delivery as large as one delivery may be, instead of starting the sink on a small
     * one while the rest piles up behind it.
     */
    default boolean mergesQueuedDeliveries() {
        return false;
    }

    /**
     * Whether the sink reads the documents of upserts. A sink that publishes from each change's event (Kafka) says
     * no, and its tasks then leave documents empty rather than build one per event for nothing.
     */
    default boolean usesDocuments() {
        return true;
    }

    /** Removes the copy of an abandoned full sync {@code generation}; nothing when there is none. */
    default void dropCopy(long generation) {
    }

    /** A short description for operators, e.g. {@code meilisearch index dev-things}. */
    String describe();

    @Override
    default void close() {
    }
}
