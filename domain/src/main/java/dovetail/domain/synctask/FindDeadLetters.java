package dovetail.domain.synctask;

/**
 * The dead-letter report of one task, or of every task when {@code taskId} is null, with at most {@code limit}
 * letters listed (oldest first).
 */
public record FindDeadLetters(String taskId, int limit) {
}
