package dovetail.domain.synctask;

import java.util.List;

/**
 * Drops parked events for good: every letter of the listed Things, or every letter of the task when {@code all}.
 * The sink never receives them; a later full sync delivers those Things' current state again.
 */
public record EvictDeadLetters(String taskId, List<String> thingIds, boolean all) {
}
