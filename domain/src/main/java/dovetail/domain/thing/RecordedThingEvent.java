package dovetail.domain.thing;

import java.time.Instant;

/**
 * One event of a Thing as the event store holds it: its type (e.g. {@code ThingUpdated}), its place in the
 * Thing's stream, when it was appended, the trace it was appended in ({@code traceId}, from the W3C trace context
 * in its metadata), the request it came from ({@code correlationId}), the state it set ({@code thing}; null for a
 * deletion, an erasure and every event of an erased Thing) and whether the Thing was erased ({@code erased}: its
 * fields that identify a person are gone).
 */
public record RecordedThingEvent(String type, long sequenceNumber, long version, Instant at, String traceId,
                                 String correlationId, ThingView thing, boolean erased) {
}
