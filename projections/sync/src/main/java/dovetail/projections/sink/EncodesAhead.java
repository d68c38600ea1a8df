package dovetail.projections.sink;

import java.time.Duration;
import java.util.List;

/**
 * A sink that does part of its work for each change before the change's batch is delivered (a Kafka sink builds its
 * records, a search sink writes its documents as JSON): the task calls {@link #encode} on the thread that turns
 * events into changes, so the work overlaps the delivery of earlier batches, and delivers the results with
 * {@link #deliverEncoded}. A change that fails to encode there is encoded again at delivery, where a failure counts
 * as the delivery's.
 *
 * @param <E> what the sink makes of one change
 */
public interface EncodesAhead<E> extends Sink {

    /** What the sink makes of this change; never null. */
    E encode(SinkChange change);

    /** {@link #deliver} for changes encoded ahead, in the same order. */
    void deliverEncoded(List<E> batch, Duration timeout);
}
