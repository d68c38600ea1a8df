package dovetail.domain.synctask;

import java.time.Instant;

/**
 * One parked event: the task it waits in, the Thing it belongs to (its sequence: later events of the same Thing
 * wait behind it), its place in that sequence (0 is the head, the one that failed), the event (with its sequence
 * number in the Thing's stream), and why it was parked ({@code cause} is null for events that only wait behind an
 * earlier one).
 */
public record DeadLetterView(String taskId, String thingId, long indexInSequence, String eventType,
                             String eventIdentifier, Long sequenceNumber, String causeType, String cause,
                             Instant enqueuedAt, Instant lastTouched) {
}
