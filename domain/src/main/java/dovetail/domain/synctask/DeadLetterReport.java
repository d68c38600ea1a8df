package dovetail.domain.synctask;

import java.util.List;

/**
 * The dead letters of one task (or all): totals (letters, and Things with parked events), counts by task and by
 * error (the cause of each sequence's head), the oldest and newest letter, and the first letters, oldest first.
 */
public record DeadLetterReport(String taskId, long total, long things, List<DeadLetterCount> byTask,
                               List<DeadLetterCount> byError, DeadLetterView oldest, DeadLetterView newest,
                               List<DeadLetterView> letters) {
}
