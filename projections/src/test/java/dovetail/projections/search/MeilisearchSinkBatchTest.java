package dovetail.projections.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.DocumentChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeilisearchSinkBatchTest {

    @Test
    void keepsOnlyTheLastChangeOfEachId() {
        MeilisearchSink.Collapsed collapsed = MeilisearchSink.collapse(List.of(
                upsert("1", 1, "first"), upsert("2", 1, "two"), upsert("1", 2, "second"),
                new DocumentChange.Delete("2", 2), new DocumentChange.Delete("3", 5), upsert("3", 6, "back")), "id");

        assertThat(collapsed.upserts()).containsExactlyInAnyOrder(
                Map.of("id", "1", "name", "second"), Map.of("id", "3", "name", "back"));
        assertThat(collapsed.deletes()).containsExactly("2");
    }

    @Test
    void putsTheIdUnderThePrimaryKeyWhenTheDocumentLacksIt() {
        MeilisearchSink.Collapsed collapsed = MeilisearchSink.collapse(List.of(
                new DocumentChange.Upsert("7", 1, Map.of("name", "renamed id"))), "thingId");

        assertThat(collapsed.upserts()).containsExactly(Map.of("thingId", "7", "name", "renamed id"));
    }

    @Test
    void anEmptyBatchHasNothingToSend() {
        assertThat(MeilisearchSink.collapse(List.of(), "id").isEmpty()).isTrue();
    }

    @Test
    void refusesAnIdMeilisearchCannotStore() {
        assertThatThrownBy(() -> MeilisearchSink.collapse(List.of(new DocumentChange.Delete("a b", 1)), "id"))
                .isInstanceOfSatisfying(ChangesRejected.class, rejected -> assertThat(rejected.reasons())
                        .containsOnlyKeys("a b"));
    }

    @Test
    void namesEveryDocumentMeilisearchWouldRefuseAndNoOther() {
        List<DocumentChange> batch = List.of(
                new DocumentChange.Upsert("1", 1, Map.of("id", "fine-name")),
                new DocumentChange.Upsert("2", 1, Map.of("id", "has spaces")),
                new DocumentChange.Upsert("3", 1, Map.of("id", 3L, "_geo", Map.of("lat", 1.5, "lng", "2.5"))),
                new DocumentChange.Upsert("4", 1, Map.of("id", "4", "_geo", "somewhere")),
                new DocumentChange.Upsert("5", 1, Map.of("id", true)));

        assertThatThrownBy(() -> MeilisearchSink.collapse(batch, "id"))
                .isInstanceOfSatisfying(ChangesRejected.class, rejected -> {
                    assertThat(rejected.reasons()).containsOnlyKeys("2", "4", "5");
                    assertThat(rejected.reasonFor("2")).startsWith("the primary key id must be");
                    assertThat(rejected.reasonFor("4")).isEqualTo("_geo must be an object with numeric lat and lng");
                });
    }

    private static DocumentChange upsert(String id, long version, String name) {
        return new DocumentChange.Upsert(id, version, Map.of("id", id, "name", name));
    }
}
