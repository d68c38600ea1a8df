package dovetail.projections.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefusedThingsTest {

    /** Items as "thing:n"; an engine that refuses any part holding one of the bad Things. */
    private final List<List<String>> sent = new ArrayList<>();

    private RefusedThings.Attempt<String> refusing(Set<String> bad) {
        return part -> {
            sent.add(part);
            return part.stream().anyMatch(item -> bad.contains(thing(item))) ? "refused " + part : null;
        };
    }

    @Test
    void findsEachThingRefusedAloneAndSendsTheRestThrough() {
        List<String> items = List.of("1:a", "2:a", "3:a", "2:b", "4:a", "5:a", "6:a", "7:a");

        var refused = RefusedThings.isolate(items, RefusedThingsTest::thing, "refused all", refusing(Set.of("3", "6")));

        assertThat(refused).containsOnlyKeys("3", "6");
        assertThat(refused.get("3")).isEqualTo("refused [3:a]");
        // every Thing not refused went through in a part that was accepted, with all its items, in order
        List<String> accepted = sent.stream().filter(part -> part.stream().noneMatch(item ->
                Set.of("3", "6").contains(thing(item)))).flatMap(List::stream).toList();
        assertThat(accepted).containsExactlyInAnyOrder("1:a", "2:a", "2:b", "4:a", "5:a", "7:a");
        assertThat(sent).allSatisfy(part -> {
            if (part.contains("2:a")) {
                assertThat(part).containsSubsequence("2:a", "2:b");
            }
        });
    }

    @Test
    void aSingleThingIsRefusedWithTheReasonGivenWithoutSendingAgain() {
        var refused = RefusedThings.isolate(List.of("9:a", "9:b"), RefusedThingsTest::thing, "bad document",
                refusing(Set.of("9")));

        assertThat(refused).containsExactly(java.util.Map.entry("9", "bad document"));
        assertThat(sent).isEmpty();
    }

    @Test
    void aBatchWhoseHalvesAllPassHasNothingRefused() {
        var refused = RefusedThings.isolate(List.of("1:a", "2:a"), RefusedThingsTest::thing, "too large together",
                refusing(Set.of()));

        assertThat(refused).isEmpty();
        assertThat(sent).containsExactly(List.of("1:a"), List.of("2:a"));
    }

    @Test
    void aFailureThatIsNotARefusalEndsTheSearch() {
        RefusedThings.Attempt<String> down = part -> {
            throw new IllegalStateException("engine down");
        };

        assertThatThrownBy(() -> RefusedThings.isolate(List.of("1:a", "2:a"), RefusedThingsTest::thing, "x", down))
                .hasMessage("engine down");
    }

    private static String thing(String item) {
        return item.substring(0, item.indexOf(':'));
    }
}
