package dovetail.domain.thing;

/** Subscribes to Thing changes: of one Thing, or of all when {@code id} is null. Updates are {@link ThingChanged}. */
public record WatchThings(String id) {
}
