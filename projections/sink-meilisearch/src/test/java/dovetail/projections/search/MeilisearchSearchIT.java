package dovetail.projections.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.meilisearch.sdk.model.TasksQuery;
import dovetail.domain.search.InvalidSearch;
import dovetail.domain.search.SearchHit;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.thing.ThingView;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import dovetail.projections.sink.ChangesRejected;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingUpdated;
import dovetail.projections.sink.SinkChange;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

@WithEngines
class MeilisearchSearchIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final MeilisearchIndexes indexes;

    MeilisearchSearchIT(TestEndpoints engines) {
        MeilisearchProperties properties = MeilisearchProperties.of(engines.meilisearchUrl(),
                engines.meilisearchApiKey(), engines.indexPrefix());
        this.indexes = new MeilisearchIndexes(MeilisearchClients.create(properties), properties);
    }

    @Test
    void ensureCreatesTheIndexWithItsSettingsAndTheSecondEnsureChangesNothing() {
        String uid = indexes.fullIndexUid("ensured");
        indexes.ensure(uid, "id", ThingDocument.SEARCHABLE_ATTRIBUTES, ThingDocument.FILTERABLE_ATTRIBUTES,
                ThingDocument.SORTABLE_ATTRIBUTES);

        var index = indexes.client().getIndex(uid);
        assertThat(index.getPrimaryKey()).isEqualTo("id");
        assertThat(index.getSearchableAttributesSettings()).containsExactly("name");
        assertThat(index.getFilterableAttributesSettings())
                .containsExactlyInAnyOrderElementsOf(ThingDocument.FILTERABLE_ATTRIBUTES);
        assertThat(index.getSortableAttributesSettings())
                .containsExactlyInAnyOrderElementsOf(ThingDocument.SORTABLE_ATTRIBUTES);
        assertThat(index.getTypoToleranceSettings().getMinWordSizeForTypos())
                .isEqualTo(MeilisearchIndexes.MIN_WORD_SIZE_FOR_TYPOS);

        int tasksBefore = taskCount(uid);
        indexes.ensure(uid, "id", ThingDocument.SEARCHABLE_ATTRIBUTES, ThingDocument.FILTERABLE_ATTRIBUTES,
                ThingDocument.SORTABLE_ATTRIBUTES);
        assertThat(taskCount(uid)).isEqualTo(tasksBefore);

        indexes.ensure(uid, "id", List.of("name", "id"), ThingDocument.FILTERABLE_ATTRIBUTES, List.of("foo"));
        assertThat(index.getSearchableAttributesSettings()).containsExactly("name", "id");
        assertThat(index.getSortableAttributesSettings()).containsExactly("foo");
        assertThat(taskCount(uid)).isEqualTo(tasksBefore + 1);

        indexes.delete(uid);
        indexes.delete(uid);
        assertThat(indexes.documentCount(uid)).isZero();
    }

    @Test
    void ensureRefusesAnIndexWithAnotherPrimaryKey() {
        String uid = indexes.fullIndexUid("keyed");
        indexes.ensure(uid, "id", List.of("name"), List.of(), List.of());

        assertThatThrownBy(() -> indexes.ensure(uid, "thingId", List.of("name"), List.of(), List.of()))
                .isInstanceOf(MeilisearchFailure.class).hasMessageContaining("has primary key id, not thingId");
    }

    @Test
    void searchShowsExactlyTheDocumentsLeftAfterUpsertsAndDeletes() {
        MeilisearchSink sink = preparedSink("lifecycle");
        sink.deliver(List.of(upsert(thing(1, "desk lamp", 1.5, 1)), upsert(thing(2, "oak table", 20, 1)),
                upsert(thing(3, "pine chair", 7, 1)), upsert(thing(2, "oak dining table", 25, 2))), DELIVERY);
        sink.awaitIndexed(WAIT);
        sink.deliver(List.of(new SinkChange(new ThingChange.Removal("3", 2), new ThingDeleted("3", T0, 2))), DELIVERY);
        sink.awaitIndexed(WAIT);

        SearchResults results = results(handler("lifecycle").handle(search("", null, List.of("foo:asc"), 1, 20)));

        assertThat(results.hits()).extracting(SearchHit::thing)
                .containsExactly(thing(1, "desk lamp", 1.5, 1), thing(2, "oak dining table", 25, 2));
        assertThat(results.totalHits()).isEqualTo(2);
        assertThat(indexes.documentCount(sink.indexUid())).isEqualTo(2);
    }

    @Test
    void findsThroughATypoAndMarksTheMatch() {
        MeilisearchSink sink = preparedSink("typos");
        sink.deliver(List.of(upsert(thing(1, "desk lamp", 1.5, 1)), upsert(thing(2, "oak table", 20, 1))), DELIVERY);
        sink.awaitIndexed(WAIT);

        SearchResults results = results(handler("typos").handle(search("lmap", null, null, 1, 20)));

        assertThat(results.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.thing().id()).isEqualTo("1");
            assertThat(hit.highlights()).containsEntry("name", "desk <em>lamp</em>");
        });
        assertThat(results.processingTimeMillis()).isNotNegative();
    }

    @Test
    void filtersSortsCountsFacetsAndPages() {
        MeilisearchSink sink = preparedSink("catalog");
        sink.deliver(List.of(upsert(thing(1, "lamp one", 1, 1)), upsert(thing(2, "lamp two", 2, 2)),
                upsert(thing(3, "lamp three", 3, 2)), upsert(thing(4, "lamp four", 4, 3)),
                upsert(thing(5, "lamp five", 5, 2))), DELIVERY);
        sink.awaitIndexed(WAIT);
        SearchThingsHandler handler = handler("catalog");

        SearchResults filtered = results(handler.handle(search("lamp", "foo >= 2 AND version = 2",
                List.of("foo:desc"), 1, 20)));
        assertThat(filtered.hits()).extracting(hit -> hit.thing().id()).containsExactly("5", "3", "2");

        SearchResults faceted = results(handler.handle(new SearchThings("", null, null, List.of("version"), 1, 20)));
        assertThat(faceted.facetDistribution()).isEqualTo(Map.of("version", Map.of("1", 1L, "2", 3L, "3", 1L)));

        SearchResults lastPage = results(handler.handle(search("", null, List.of("foo:asc"), 3, 2)));
        assertThat(lastPage.totalHits()).isEqualTo(5);
        assertThat(lastPage.totalPages()).isEqualTo(3);
        assertThat(lastPage.page()).isEqualTo(3);
        assertThat(lastPage.hitsPerPage()).isEqualTo(2);
        assertThat(lastPage.hits()).extracting(hit -> hit.thing().id()).containsExactly("5");
    }

    @Test
    void namesTheParameterTheIndexCannotUse() {
        preparedSink("refusals");
        SearchThingsHandler handler = handler("refusals");

        SearchOutcome filter = handler.handle(search("", "name = lamp", null, 1, 20));
        assertThat(filter).isInstanceOfSatisfying(InvalidSearch.class, invalid -> {
            assertThat(invalid.parameter()).isEqualTo("filter");
            assertThat(invalid.message()).contains("name").contains("filterable");
        });

        SearchOutcome sort = handler.handle(search("", null, List.of("createdOn:desc"), 1, 20));
        assertThat(sort).isInstanceOfSatisfying(InvalidSearch.class, invalid -> {
            assertThat(invalid.parameter()).isEqualTo("sort");
            assertThat(invalid.message()).contains("createdOn").contains("sortable");
        });

        SearchOutcome facets = handler.handle(new SearchThings("", null, null, List.of("name"), 1, 20));
        assertThat(facets).isInstanceOfSatisfying(InvalidSearch.class,
                invalid -> assertThat(invalid.parameter()).isEqualTo("facets"));

        assertThat(handler.handle(search("", null, null, 0, 20))).isInstanceOfSatisfying(InvalidSearch.class,
                invalid -> assertThat(invalid.parameter()).isEqualTo("page"));
        assertThat(handler.handle(search("", null, null, 1, 101))).isInstanceOfSatisfying(InvalidSearch.class,
                invalid -> assertThat(invalid.parameter()).isEqualTo("hitsPerPage"));
    }

    @Test
    void anIndexThatDoesNotExistYetHasNoHits() {
        SearchResults results = results(handler("never-created").handle(search("lamp", null, null, 2, 10)));

        assertThat(results.hits()).isEmpty();
        assertThat(results.totalHits()).isZero();
        assertThat(results.page()).isEqualTo(2);
    }

    @Test
    void aDocumentMeilisearchFailsWhileIndexingIsRefusedAloneAndItsNeighboursAreIndexed() {
        // the sink refuses what it knows Meilisearch would (bad ids, _geo without numeric lat and lng) before
        // sending; an unexpected field inside _geo passes it and fails only in Meilisearch's own task, which fails
        // every document indexed with it: the delivery does not count until the neighbours are indexed
        MeilisearchSinkSpec spec = new MeilisearchSinkSpec("failures", null, null, List.of("_geo"), null);
        MeilisearchSink sink = MeilisearchSink.of(indexes, spec, List.of(), spec.index());
        sink.prepare();
        List<SearchChanges.SearchChange> batch = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String id = Integer.toString(i);
            batch.add(i == 17 || i == 30
                    ? new SearchChanges.SearchChange(id, id, ("{\"id\":\"" + id
                            + "\",\"_geo\":{\"lat\":1,\"lng\":2,\"alt\":3}}").getBytes(StandardCharsets.UTF_8), null)
                    : sink.encode(upsert(thing(i, "oak table " + i, i, 1))));
        }

        assertThatThrownBy(() -> sink.deliverEncoded(batch, DELIVERY))
                .isInstanceOfSatisfying(ChangesRejected.class, rejected -> {
                    assertThat(rejected.reasons()).containsOnlyKeys("17", "30");
                    assertThat(rejected.reasonFor("17")).startsWith("Meilisearch refused the document while indexing")
                            .contains("_geo");
                });
        assertThat(indexes.documentCount(sink.indexUid())).isEqualTo(38);
    }

    @Test
    void aDocumentWithAnUnpairedSurrogateIsIndexedWithTheReplacementCharacter() {
        MeilisearchSink sink = MeilisearchSink.of(indexes, new MeilisearchSinkSpec("surrogates", null, null, null,
                null), List.of(), "surrogates");
        sink.prepare();

        sink.deliver(List.of(upsert(thing(1, "bad\ud800", 1, 1)), upsert(thing(2, "good neighbour", 2, 1))),
                DELIVERY);

        assertThat(indexes.documentCount(sink.indexUid())).isEqualTo(2);
        SearchResults found = results(handler("surrogates").handle(search("bad", null, null, 1, 10)));
        assertThat(found.hits()).singleElement().satisfies(hit -> assertThat(hit.thing().name()).isEqualTo("bad\uFFFD"));
    }

    @Test
    void aSinkPointingAtAClosedPortFailsQuicklyAndSaysWhy() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        MeilisearchProperties properties = new MeilisearchProperties(url, null, "", Duration.ofSeconds(2),
                Duration.ofSeconds(5), 100_000);
        MeilisearchIndexes nowhere = new MeilisearchIndexes(MeilisearchClients.create(properties), properties);
        MeilisearchSink sink = MeilisearchSink.of(nowhere, new MeilisearchSinkSpec("things", null, null, null, null),
                List.of(), "things");

        long started = System.nanoTime();
        assertThatThrownBy(() -> sink.deliver(List.of(upsert(thing(1, "desk lamp", 1.5, 1))), Duration.ofSeconds(5)))
                .isInstanceOf(MeilisearchFailure.class)
                .hasMessageStartingWith("Meilisearch at " + url + " unreachable: ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        assertThatThrownBy(sink::prepare).hasMessageStartingWith("Meilisearch at " + url + " unreachable: ");
        SearchThingsHandler handler = handler(nowhere, "things");
        assertThatThrownBy(() -> handler.handle(search("lamp", null, null, 1, 20)))
                .hasMessageStartingWith("Meilisearch at " + url + " unreachable: ");
        sink.close();
    }

    private MeilisearchSink preparedSink(String name) {
        MeilisearchSink sink = MeilisearchSink.of(indexes, new MeilisearchSinkSpec(name, null, null, null, null), List.of(),
                name);
        sink.prepare();
        return sink;
    }

    private SearchThingsHandler handler(String name) {
        return handler(indexes, name);
    }

    /** A handler of one index on one instance: no task describes another layout. */
    private static SearchThingsHandler handler(MeilisearchIndexes on, String name) {
        return new SearchThingsHandler(new MeilisearchInstances(on, on.properties()), new SearchProperties(name),
                new StaticListableBeanFactory().getBeanProvider(SearchLayout.Source.class));
    }

    private int taskCount(String uid) {
        return indexes.client().getTasks(new TasksQuery().setIndexUids(new String[] {uid}).setLimit(1000))
                .getResults().length;
    }

    private static SearchResults results(SearchOutcome outcome) {
        assertThat(outcome).isInstanceOf(SearchResults.class);
        return (SearchResults) outcome;
    }

    private static SearchThings search(String q, String filter, List<String> sort, int page, int hitsPerPage) {
        return new SearchThings(q, filter, sort, null, page, hitsPerPage);
    }

    private static ThingView thing(long id, String name, double foo, long version) {
        return new ThingView(Long.toString(id), name, foo, T0, T0.plusSeconds(version), version);
    }

    private static SinkChange upsert(ThingView thing) {
        return new SinkChange(new ThingChange.Upsert(thing), new ThingUpdated(thing.id(), thing.name(), thing.foo(),
                thing.createdOn(), thing.updatedOn(), thing.version()));
    }

}
