package dovetail.projections.synctask;

import org.axonframework.eventhandling.TrackingToken;

/**
 * A batch a history read has converted and that waits to be delivered, with the position it brings the processor to;
 * {@code atHead} when the store had nothing more to read after it. A failure to read stands in a batch's place.
 */
record ReadyBatch(DeliveryBatch batch, TrackingToken position, boolean atHead, RuntimeException failure) {

    /** Put in the queue to wake the delivering thread when the reader closes. */
    static final ReadyBatch STOP = new ReadyBatch(null, null, false, null);

    static ReadyBatch failed(RuntimeException failure) {
        return new ReadyBatch(null, null, false, failure);
    }
}
