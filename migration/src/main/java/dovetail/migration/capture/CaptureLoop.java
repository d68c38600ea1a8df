package dovetail.migration.capture;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** One way of following the legacy table: runs until told to stop, acknowledging only what is stored. */
interface CaptureLoop {

    String source();

    /** Creates what the loop needs on the legacy side (publication and slot); idempotent. */
    void prepare();

    /** Follows the legacy table until {@code keepRunning} turns false; throws when the legacy store fails. */
    void run(BooleanSupplier keepRunning) throws Exception;

    /**
     * Waits until every change committed on the legacy side before this call is stored in the event store,
     * whichever instance captures; false when that took longer than {@code timeout}.
     */
    boolean drain(Duration timeout) throws Exception;
}
