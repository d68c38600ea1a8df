package dovetail.projections.sink;

import java.time.Duration;
import java.util.List;

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

    /** A short description for operators, e.g. {@code meilisearch index dev-things}. */
    String describe();

    @Override
    default void close() {
    }
}
