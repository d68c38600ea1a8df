package dovetail.domain.synctask;

/** {@code evicted} letters were dropped; {@code remaining} are still parked in the task. */
public record DeadLettersEvicted(String taskId, long evicted, long remaining) implements DeadLetterOutcome {
}
