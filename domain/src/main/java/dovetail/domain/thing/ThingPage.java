package dovetail.domain.thing;

import java.util.List;

/** One page of Things in id order, and whether more follow it. */
public record ThingPage(List<ThingView> things, boolean hasMore) {

    public ThingPage {
        things = List.copyOf(things);
    }
}
