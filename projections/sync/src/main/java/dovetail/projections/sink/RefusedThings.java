package dovetail.projections.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the Things an engine refuses on their own in a batch it refused as a whole: each half of the batch is sent
 * again, and each half of a refused half, down to one Thing (a Thing's items always travel together, in order). The
 * parts accepted on the way are in effect; what is refused alone is the sink's {@link ChangesRejected}. An engine
 * that refuses one item usually refuses the whole request (a search engine fails its whole indexing task, a receiver
 * answers 400 to the whole body), so this keeps one bad Thing from holding back its neighbours.
 */
public final class RefusedThings {

    /** Sends part of the batch again: null when the engine accepts it, else why it refused it. */
    @FunctionalInterface
    public interface Attempt<T> {
        String send(List<T> part);
    }

    private RefusedThings() {
    }

    /**
     * The Things refused alone, with the engine's reason, among {@code items}, which the engine refused as a whole
     * for {@code reason}. A failure that is not a refusal is thrown by the attempt, and ends the search.
     */
    public static <T> Map<String, String> isolate(List<T> items, Function<T, String> thingOf, String reason,
                                                  Attempt<T> attempt) {
        Set<String> things = new LinkedHashSet<>();
        items.forEach(item -> things.add(thingOf.apply(item)));
        Map<String, String> refused = new LinkedHashMap<>();
        isolate(items, List.copyOf(things), thingOf, reason, attempt, refused);
        return refused;
    }

    private static <T> void isolate(List<T> items, List<String> things, Function<T, String> thingOf, String reason,
                                    Attempt<T> attempt, Map<String, String> refused) {
        if (things.size() == 1) {
            refused.put(things.get(0), reason);
            return;
        }
        int half = things.size() / 2;
        for (List<String> part : List.of(things.subList(0, half), things.subList(half, things.size()))) {
            Set<String> in = Set.copyOf(part);
            List<T> partItems = new ArrayList<>();
            for (T item : items) {
                if (in.contains(thingOf.apply(item))) {
                    partItems.add(item);
                }
            }
            String why = attempt.send(partItems);
            if (why != null) {
                isolate(partItems, part, thingOf, why, attempt, refused);
            }
        }
    }
}
