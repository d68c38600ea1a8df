package dovetail.domain.thing;

import java.time.Instant;

/**
 * One event of a Thing as the event store holds it: its type (e.g. {@code ThingUpdated}), its place in the
 * Thing's stream, when it was appended, the request it came from ({@code traceId}), the state it set
 * ({@code thing}; null for a deletion, an erasure and every event of an erased Thing) and whether the Thing was
 * erased ({@code erased}: its fields that identify a person are gone).
 */
public record RecordedThingEvent(String type, long sequenceNumber, long version, Instant at, String traceId,
                                 ThingView thing, boolean erased) {
}
