package dovetail.domain.synctask;

/**
 * Reprocessing went through {@code things} Things: {@code delivered} letters reached the sink, {@code stillParked}
 * Things failed again; {@code remaining} letters are still parked in the task.
 */
public record DeadLettersProcessed(String taskId, int things, int delivered, int stillParked, long remaining)
        implements DeadLetterOutcome {
}
