package dovetail.projections.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.TransformKind;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.search.SearchChanges.Collapsed;
import dovetail.projections.search.SearchChanges.SearchChange;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.SinkChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchChangesTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final SearchChanges PLAIN = new SearchChanges("id", List.of());

    @Test
    void aThingBecomesItsDocumentAndARemovalDeletesIt() throws Exception {
        SearchChange put = PLAIN.encode(upsert("7", 1, "lamp"));
        SearchChange removed = PLAIN.encode(removal("7", 2));

        assertThat(document(put.json())).containsEntry("id", "7").containsEntry("name", "lamp")
                .containsEntry("createdOn", AT.toString()).containsEntry("createdOnEpochMillis", AT.toEpochMilli());
        assertThat(put.documentId()).isEqualTo("7");
        assertThat(removed.deletion()).isTrue();
        assertThat(removed.documentId()).isEqualTo("7");
    }

    @Test
    void keepsOnlyTheLastChangeOfEachDocument() throws Exception {
        Collapsed collapsed = SearchChanges.collapse(encode(PLAIN, upsert("1", 1, "first"), upsert("2", 1, "two"),
                upsert("1", 2, "second"), removal("2", 2), removal("3", 5), upsert("3", 6, "back")));

        assertThat(names(collapsed)).containsExactlyInAnyOrder("second", "back");
        assertThat(collapsed.deletes()).containsExactly("2");
        assertThat(collapsed.upsertThings()).containsExactlyInAnyOrder("1", "3");
    }

    @Test
    void theTransformShapesTheDocumentAndMayKeyItOtherwise() throws Exception {
        SearchChanges renamed = new SearchChanges("thingId", List.of(
                new FieldTransform("id", TransformKind.RENAME, "thingId", null, null, null),
                new FieldTransform("createdOn", TransformKind.DROP, null, null, null, null),
                new FieldTransform("foo", TransformKind.ROUND, null, null, 1, null)));

        Map<String, Object> document = document(renamed.encode(upsert("7", 1, "lamp")).json());

        assertThat(document).containsEntry("thingId", "7").doesNotContainKeys("id", "createdOn")
                .containsEntry("foo", 1.2); // 1.25 rounded half-even
        assertThat(renamed.rekeys()).isTrue();
        assertThat(PLAIN.rekeys()).isFalse();
    }

    @Test
    void anUnpairedSurrogateIsSentAsTheReplacementCharacterAndPairedOnesStay() throws Exception {
        Collapsed collapsed = SearchChanges.collapse(encode(PLAIN, upsert("1", 1, "bad\ud800"),
                upsert("2", 1, "x\udc00y \uD83D\uDCA1"), upsert("3", 1, "fine")));

        assertThat(names(collapsed)).containsExactly("bad\uFFFD", "x\uFFFDy \uD83D\uDCA1", "fine");
    }

    @Test
    void anEmptyBatchHasNothingToSend() {
        assertThat(SearchChanges.collapse(List.of()).isEmpty()).isTrue();
    }

    @Test
    void refusesAnIdMeilisearchCannotStoreNamingTheThing() {
        assertThatThrownBy(() -> SearchChanges.collapse(encode(PLAIN, removal("a b", 1))))
                .isInstanceOfSatisfying(ChangesRejected.class, rejected -> assertThat(rejected.reasons())
                        .containsOnlyKeys("a b"));
    }

    @Test
    void namesTheThingOfEveryDocumentMeilisearchWouldRefuseAndNoOther() {
        SearchChanges byName = new SearchChanges("name", List.of());
        SearchChanges geo = new SearchChanges("id", List.of(
                new FieldTransform("_geo", TransformKind.CONSTANT, null, null, null, "somewhere")));
        List<SearchChange> batch = List.of(byName.encode(upsert("1", 1, "fine-name")),
                byName.encode(upsert("2", 1, "has spaces")), geo.encode(upsert("4", 1, "x")));

        assertThatThrownBy(() -> SearchChanges.collapse(batch))
                .isInstanceOfSatisfying(ChangesRejected.class, rejected -> {
                    assertThat(rejected.reasons()).containsOnlyKeys("2", "4");
                    assertThat(rejected.reasonFor("2")).startsWith("the primary key name must be");
                    assertThat(rejected.reasonFor("4")).isEqualTo("_geo must be an object with numeric lat and lng");
                });
    }

    private static List<SearchChange> encode(SearchChanges changes, SinkChange... batch) {
        return List.of(batch).stream().map(changes::encode).toList();
    }

    private static List<Object> names(Collapsed collapsed) throws Exception {
        List<Object> names = new ArrayList<>();
        for (byte[] json : collapsed.upserts()) {
            names.add(document(json).get("name"));
        }
        return names;
    }

    private static Map<String, Object> document(byte[] json) throws Exception {
        return new ObjectMapper().readValue(json, new TypeReference<>() { });
    }

    private static SinkChange upsert(String id, long version, String name) {
        return new SinkChange(new ThingChange.Upsert(new ThingView(id, name, 1.25, AT, AT, version)),
                new ThingUpdated(id, name, 1.25, AT, AT, version));
    }

    private static SinkChange removal(String id, long version) {
        return new SinkChange(new ThingChange.Removal(id, version), new ThingDeleted(id, AT, version));
    }
}
