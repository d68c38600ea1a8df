package dovetail.domain.search;

import dovetail.domain.thing.ThingView;
import java.util.Map;

/** A Thing that matched, and its matched text fields with the matches marked ({@code <em>…</em>}). */
public record SearchHit(ThingView thing, Map<String, String> highlights) {
}
