package dovetail.domain.thing;

/** A Thing changed: its new version, and its state ({@code null} once deleted). */
public record ThingChanged(String id, long version, ThingView thing) {

    public boolean deleted() {
        return thing == null;
    }
}
