package dovetail.domain.thing;

import java.time.Instant;

/**
 * One event of a Thing as the event store holds it: its type (e.g. {@code ThingUpdated}), its place in the
 * Thing's stream, when it was appended, the trace it was appended in ({@code traceId}, from the W3C trace context
 * in its metadata), the request it came from ({@code correlationId}) and the state it set ({@code thing}; null for
 * a deletion).
 */
public record RecordedThingEvent(String type, long sequenceNumber, long version, Instant at, String traceId,
                                 String correlationId, ThingView thing) {
}
