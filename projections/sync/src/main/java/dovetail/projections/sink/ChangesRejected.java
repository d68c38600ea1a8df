package dovetail.projections.sink;

import java.util.Map;

/**
 * The sink refused some changes for good (delivering them again would fail the same way), keyed by Thing id with
 * the reason. It accepted none of the batch: the task parks the events behind the refused changes in its
 * dead-letter queue and delivers the rest again. Any other exception from {@link Sink#deliver} is transient.
 */
public class ChangesRejected extends RuntimeException {

    private final transient Map<String, String> reasons;

    public ChangesRejected(Map<String, String> reasons) {
        super(reasons.size() + " change(s) refused: " + reasons.entrySet().stream().limit(5)
                .map(reason -> reason.getKey() + ": " + reason.getValue()).toList());
        this.reasons = Map.copyOf(reasons);
    }

    public Map<String, String> reasons() {
        return reasons;
    }

    /** The reason for one Thing, as the cause stored with its dead letter; null when it was not refused. */
    public String reasonFor(String thingId) {
        return reasons.get(thingId);
    }
}
