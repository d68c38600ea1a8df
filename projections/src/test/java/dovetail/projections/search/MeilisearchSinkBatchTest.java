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
    void keepsOnlyTheLastChangeOfEachId() throws Exception {
        MeilisearchSink.Collapsed collapsed = collapse(List.of(
                upsert("1", 1, "first"), upsert("2", 1, "two"), upsert("1", 2, "second"),
                new DocumentChange.Delete("2", 2), new DocumentChange.Delete("3", 5), upsert("3", 6, "back")), "id");

        assertThat(documents(collapsed)).containsExactlyInAnyOrder(
                Map.of("id", "1", "name", "second"), Map.of("id", "3", "name", "back"));
        assertThat(collapsed.deletes()).containsExactly("2");
    }

    @Test
    void putsTheIdUnderThePrimaryKeyWhenTheDocumentLacksIt() throws Exception {
        MeilisearchSink.Collapsed collapsed = collapse(List.of(
                new DocumentChange.Upsert("7", 1, Map.of("name", "renamed id"))), "thingId");

        assertThat(documents(collapsed)).containsExactly(Map.of("thingId", "7", "name", "renamed id"));
    }

    @Test
    void anUnpairedSurrogateIsSentAsTheReplacementCharacterAndPairedOnesStay() throws Exception {
        MeilisearchSink.Collapsed collapsed = collapse(List.of(upsert("1", 1, "bad\ud800"),
                upsert("2", 1, "x\udc00y \uD83D\uDCA1"), upsert("3", 1, "fine")), "id");

        assertThat(documents(collapsed)).containsExactly(Map.of("id", "1", "name", "bad\uFFFD"),
                Map.of("id", "2", "name", "x\uFFFDy \uD83D\uDCA1"), Map.of("id", "3", "name", "fine"));
        assertThat(collapsed.upsertIds()).containsExactly("1", "2", "3");
    }

    @Test
    void anEmptyBatchHasNothingToSend() {
        assertThat(collapse(List.of(), "id").isEmpty()).isTrue();
    }

    @Test
    void refusesAnIdMeilisearchCannotStore() {
        assertThatThrownBy(() -> collapse(List.of(new DocumentChange.Delete("a b", 1)), "id"))
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

        assertThatThrownBy(() -> collapse(batch, "id"))
                .isInstanceOfSatisfying(ChangesRejected.class, rejected -> {
                    assertThat(rejected.reasons()).containsOnlyKeys("2", "4", "5");
                    assertThat(rejected.reasonFor("2")).startsWith("the primary key id must be");
                    assertThat(rejected.reasonFor("4")).isEqualTo("_geo must be an object with numeric lat and lng");
                });
    }

    @Test
    void sendsWhatWasWrittenAheadAndWritesTheRestAtDelivery() throws Exception {
        List<Object> encoded = new java.util.ArrayList<>();
        List<DocumentChange> batch = List.of(upsert("1", 1, "one"), upsert("2", 1, "two"),
                new DocumentChange.Upsert("3", 1, Map.of("id", "has spaces")), new DocumentChange.Delete("4", 2));
        try (MeilisearchSink sink = new MeilisearchSink(null, "things", "id", List.of(), List.of(), List.of())) {
            batch.forEach(change -> encoded.add(sink.encode(change)));
        }
        // refused or deleted: nothing written ahead, said at delivery
        assertThat(encoded.get(2)).isNull();
        assertThat(encoded.get(3)).isNull();
        encoded.set(1, null); // as when writing ahead failed: written at delivery instead

        assertThatThrownBy(() -> MeilisearchSink.collapse(batch, encoded, "id", "things"))
                .isInstanceOfSatisfying(ChangesRejected.class, rejected -> assertThat(rejected.reasons())
                        .containsOnlyKeys("3"));
        MeilisearchSink.Collapsed collapsed = MeilisearchSink.collapse(
                List.of(batch.get(0), batch.get(1), batch.get(3)), java.util.Arrays.asList(encoded.get(0), "", null), "id",
                "things");
        assertThat(collapsed.upserts().get(0)).isSameAs(encoded.get(0));
        assertThat(documents(collapsed)).containsExactly(Map.of("id", "1", "name", "one"),
                Map.of("id", "2", "name", "two"));
        assertThat(collapsed.deletes()).containsExactly("4");
    }

    private static MeilisearchSink.Collapsed collapse(List<DocumentChange> batch, String primaryKey) {
        return MeilisearchSink.collapse(batch, null, primaryKey, "things");
    }

    private static List<Map<String, Object>> documents(MeilisearchSink.Collapsed collapsed) throws Exception {
        List<Map<String, Object>> documents = new java.util.ArrayList<>();
        for (byte[] json : collapsed.upserts()) {
            documents.add(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
        }
        return documents;
    }

    private static DocumentChange upsert(String id, long version, String name) {
        return new DocumentChange.Upsert(id, version, Map.of("id", id, "name", name));
    }
}
