package dovetail.projections.sink;

import java.time.Duration;
import java.util.List;

/**
 * Where a sync task delivers: the required core every sink has. Delivery is at-least-once, so sinks are idempotent:
 * the same batch delivered twice leaves the same state. A batch holds changes in event order (a Thing's changes never
 * overtake each other); a sink may collapse several changes of one Thing to the last. {@link #deliver} returns only
 * once the sink has durably accepted the whole batch, and the task moves its position only then; any exception means
 * it did not, and the task delivers the batch again with back-off, except {@link ChangesRejected}, which parks the
 * refused Things as dead letters.
 *
 * <p>What some sinks can do besides is said by capability interfaces they implement: {@link EncodesAhead} (work
 * done before delivery), {@link EncodesStored} (encoding from events as stored), {@link MergesDeliveries}
 * (deliveries queued while busy are processed together) and {@link CopiesForFullSync} (a full sync builds a copy
 * beside the live data and swaps it in).
 */
public interface Sink extends AutoCloseable {

    /** Creates what the sink needs before the first delivery (an index and its settings, a table, a topic). */
    void prepare();

    /** Delivers the batch and returns once it is in effect; within {@code timeout}, or throws. */
    void deliver(List<SinkChange> batch, Duration timeout);

    /** A short description for operators, e.g. {@code meilisearch index dev-things}. */
    String describe();

    /** Releases the sink's connections and threads; the task makes a new sink to deliver again. */
    @Override
    void close();
}
