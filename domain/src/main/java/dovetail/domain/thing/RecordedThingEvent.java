package dovetail.domain.thing;

import java.time.Instant;

/**
 * One event of a Thing as the event store holds it: its type (e.g. {@code ThingUpdated}), its place in the
 * Thing's stream, when it was appended, the request it came from ({@code traceId}) and the state it set
 * ({@code thing}; null for a deletion).
 */
public record RecordedThingEvent(String type, long sequenceNumber, long version, Instant at, String traceId,
                                 ThingView thing) {
}
