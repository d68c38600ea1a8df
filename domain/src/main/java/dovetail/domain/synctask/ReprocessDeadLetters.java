package dovetail.domain.synctask;

/**
 * Delivers the parked events of up to {@code limit} Things again, each Thing's in order. A Thing whose head event
 * still fails stays parked with the new cause.
 */
public record ReprocessDeadLetters(String taskId, int limit) {
}
