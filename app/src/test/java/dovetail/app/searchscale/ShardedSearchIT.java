package dovetail.app.searchscale;

import static dovetail.app.searchscale.SearchScale.create;
import static dovetail.app.searchscale.SearchScale.search;
import static dovetail.app.searchscale.SearchScale.things;
import static dovetail.app.searchscale.SearchScale.union;
import static dovetail.app.searchscale.SearchScale.versionsByInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.SearchRequest;
import dovetail.app.support.Dovetails;
import dovetail.app.support.RawGraphQl;
import org.springframework.boot.web.context.WebServerApplicationContext;
import dovetail.app.searchscale.SearchScale.Running;
import dovetail.app.support.SearchIndex;
import dovetail.domain.search.SearchHit;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskTargetView;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.Problem;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.Shards;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three real Meilisearch processes as shards of the Things index: every Thing is on exactly one of them (the one its
 * id hashes to), and a federated search across them answers what one index holding all Things answers.
 */
@WithEngines
class ShardedSearchIT {

    private static final String[] SHARDS = {"ms-0", "ms-1", "ms-2"};
    private static final String[] WORDS = {"lamp", "desk", "chair", "sofa", "table", "shelf"};
    private static final String[] COLOURS = {"red", "blue", "green", "oak", "black"};
    private static final int THINGS = 300;

    @TempDir
    Path data;

    @Test
    void everyThingIsOnOneShardAndSearchAnswersAsOneIndexWould(TestEndpoints engines) {
        try (Running scale = Running.start(engines, data, SHARDS,
                things("things", MeilisearchTopology.SHARDED, SHARDS))) {
            create(scale.commands(), "reference", things("reference", MeilisearchTopology.SINGLE, "default"));
            for (int i = 0; i < THINGS; i++) {
                scale.commands().sendAndWait(new CreateThing(COLOURS[i % COLOURS.length] + " " + WORDS[i % WORDS.length]
                        + " " + i, (double) i));
            }
            SearchIndex reference = new SearchIndex(scale.instances().indexes("default"), "reference");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(union(versionsByInstance(scale.instances(), "things", SHARDS)))
                        .isEqualTo(scale.readModel().versions());
                assertThat(reference.versions()).isEqualTo(scale.readModel().versions());
            });

            Map<String, Map<String, Long>> byShard = versionsByInstance(scale.instances(), "things", SHARDS);
            for (int shard = 0; shard < SHARDS.length; shard++) {
                int expected = shard;
                assertThat(byShard.get(SHARDS[shard]).keySet()).isNotEmpty()
                        .allSatisfy(id -> assertThat(Shards.of(id, SHARDS.length)).isEqualTo(expected));
            }
            List<SyncTaskTargetView> targets = SearchScale.targets(scale.queries(), "things-search");
            assertThat(targets).extracting(SyncTaskTargetView::instance).containsExactly(SHARDS);
            assertThat(targets).extracting(SyncTaskTargetView::shard).containsExactly(0, 1, 2);
            assertThat(targets).extracting(SyncTaskTargetView::processor).containsExactly(
                    "sync-task:things-search@ms-0", "sync-task:things-search@ms-1", "sync-task:things-search@ms-2");

            MeilisearchIndexes single = scale.instances().indexes("default");
            List<SearchThings> sorted = List.of(
                    new SearchThings("", "foo > 40 AND foo < 260", List.of("foo:desc"), List.of(), 2, 25),
                    new SearchThings("lamp", null, List.of("foo:asc"), List.of("foo"), 1, 20),
                    new SearchThings("red", "foo < 200", List.of("name:asc"), List.of("version"), 3, 10));
            for (SearchThings query : sorted) {
                SearchResults sharded = search(scale.queries(), query);
                Reference answer = Reference.search(single, "reference", query);
                assertThat(ids(sharded)).as(query.toString()).isNotEmpty().isEqualTo(answer.ids());
                assertThat(sharded.totalHits()).as(query.toString()).isEqualTo(answer.totalHits());
                assertThat(sharded.facetDistribution()).as(query.toString()).isEqualTo(answer.facets());
            }
            // ranked by relevance alone, Things of equal score come in an order of each index's own: compare all hits
            for (SearchThings query : List.of(new SearchThings("chiar", null, null, List.of("foo"), 1, 100),
                    new SearchThings("green sofa", "foo >= 100", null, List.of(), 1, 100))) {
                SearchResults sharded = search(scale.queries(), query);
                Reference answer = Reference.search(single, "reference", query);
                assertThat(ids(sharded)).as(query.toString()).isNotEmpty()
                        .containsExactlyInAnyOrderElementsOf(answer.ids());
                assertThat(sharded.totalHits()).isEqualTo(answer.totalHits());
                assertThat(sharded.facetDistribution()).isEqualTo(answer.facets());
            }
            assertThat(sharded(scale.queries(), new SearchThings("", "colour = red", null, List.of(), 1, 10)))
                    .isEqualTo("filter");
        }
    }

    @Test
    void aShardedTaskMustNameConfiguredInstancesAndAtLeastTwo(TestEndpoints engines) throws Exception {
        try (ConfigurableApplicationContext dovetail = Dovetails.start(engines,
                "dovetail.meilisearch.instances.ms-0.url=http://127.0.0.1:1",
                "dovetail.sync-tasks.create-built-in=false")) {
            CommandGateway commands = dovetail.getBean(CommandGateway.class);
            Object refused = commands.sendAndWait(new CreateSyncTask("sharded",
                    things("sharded", MeilisearchTopology.SHARDED, "ms-0", "ms-0", "nowhere")));
            assertThat(refused).isInstanceOf(InvalidTaskDefinition.class);
            assertThat(((InvalidTaskDefinition) refused).problems()).extracting(Problem::field).containsExactly(
                    "sink.meilisearch.instances[1]", "sink.meilisearch.instances[2]");
            Object single = commands.sendAndWait(new CreateSyncTask("one",
                    things("one", MeilisearchTopology.REPLICATED, "ms-0")));
            assertThat(((InvalidTaskDefinition) single).problems()).extracting(Problem::field)
                    .containsExactly("sink.meilisearch.instances");

            // the same over GraphQL: typed field errors, and nothing created
            int port = ((WebServerApplicationContext) dovetail).getWebServer().getPort();
            JsonNode answer = new ObjectMapper().readTree(new RawGraphQl(port).post("""
                    {"query": "mutation { createSyncTask(input: {id: \\"sharded\\", sink: {meilisearch: \
                    {index: \\"sharded\\", topology: SHARDED, instances: [\\"ms-0\\", \\"nowhere\\"]}}}) \
                    { __typename ... on InvalidInput { problems { field message } } } }"}""").body())
                    .at("/data/createSyncTask");
            assertThat(answer.path("__typename").asText()).isEqualTo("InvalidInput");
            assertThat(answer.at("/problems/0/field").asText()).isEqualTo("sink.meilisearch.instances[1]");
            assertThat(answer.at("/problems/0/message").asText()).startsWith("names no configured Meilisearch");
            assertThat(SearchScale.targets(dovetail.getBean(QueryGateway.class), "sharded")).isEmpty();
        }
    }

    private static String sharded(QueryGateway queries, SearchThings query) {
        Object outcome = queries.query(query, dovetail.domain.search.SearchOutcome.class).join();
        return outcome instanceof dovetail.domain.search.InvalidSearch invalid ? invalid.parameter() : null;
    }

    private static List<String> ids(SearchResults results) {
        return results.hits().stream().map(SearchHit::thing).map(thing -> thing.id()).toList();
    }

    /** The same search on one index holding every Thing, asked of Meilisearch directly. */
    private record Reference(List<String> ids, long totalHits, Map<String, Map<String, Long>> facets) {

        static Reference search(MeilisearchIndexes on, String index, SearchThings query) {
            SearchRequest request = SearchRequest.builder().q(query.query()).page(query.page())
                    .hitsPerPage(query.hitsPerPage()).build();
            if (query.filter() != null) {
                request.setFilter(new String[] {query.filter()});
            }
            if (query.sort() != null) {
                request.setSort(query.sort().toArray(String[]::new));
            }
            if (!query.facets().isEmpty()) {
                request.setFacets(query.facets().toArray(String[]::new));
            }
            try {
                JsonNode root = new ObjectMapper().readTree(on.client().index(on.fullIndexUid(index))
                        .rawSearch(request));
                List<String> ids = new ArrayList<>();
                root.path("hits").forEach(hit -> ids.add(hit.path("id").asText()));
                Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
                root.path("facetDistribution").fields().forEachRemaining(facet -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    facet.getValue().fields().forEachRemaining(value ->
                            counts.put(value.getKey(), value.getValue().asLong()));
                    facets.put(facet.getKey(), counts);
                });
                return new Reference(ids, root.path("totalHits").asLong(), facets);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
