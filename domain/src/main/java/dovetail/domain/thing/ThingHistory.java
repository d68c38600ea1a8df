package dovetail.domain.thing;

/** Asks for every event of one Thing, oldest first; answered with a list of {@link RecordedThingEvent}. */
public record ThingHistory(String id) {
}
