package dovetail.app.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.app.support.ThingRequests;
import dovetail.projections.search.MeilisearchIndexes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

/** The built-in things-search task keeps the things index in step with every mutation, and searchThings reads it. */
@DovetailTest
class SearchThingsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    MeilisearchIndexes indexes;

    @Autowired
    JdbcTemplate jdbc;

    private String create(String name, double foo) {
        return ThingRequests.create(graphQl, name, foo);
    }

    private GraphQlTester.Response search(Map<String, Object> variables) {
        return graphQl.documentName("searchThings").variables(variables).execute();
    }

    private List<String> namesFound(String query) {
        return search(Map.of("query", query)).path("searchThings.hits[*].thing.name").entityList(String.class).get();
    }

    @Test
    void createdThingsAreFoundTypoTolerantlyThenFollowUpdatesAndDeletes() {
        String desk = create("desk lantern", 1.0);
        create("floor lantern", 2.0);
        String chair = create("chair", 3.0);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(namesFound("lanturn")).containsExactlyInAnyOrder("desk lantern", "floor lantern"));
        search(Map.of("query", "lantern")).path("searchThings.hits[0].highlights[0].value").entity(String.class)
                                          .satisfies(value -> assertThat(value).contains("<em>lantern</em>"));

        graphQl.documentName("updateThing")
               .variables(Map.of("id", chair, "name", "armchair", "foo", 4.0, "expectedVersion", 1)).execute()
               .path("updateThing.version").entity(Integer.class).isEqualTo(2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(namesFound("armchair")).containsExactly("armchair"));

        graphQl.documentName("deleteThing").variables(Map.of("id", desk, "expectedVersion", 1)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("DeletedThing");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(namesFound("lantern")).containsExactly("floor lantern"));

        assertThat(new SearchIndex(indexes, "things").versions()).isEqualTo(new ReadModel(jdbc).versions());
    }

    @Test
    void filtersSortsFacetsAndPagesComeFromTheIndex() {
        for (int i = 1; i <= 5; i++) {
            create("pencil " + i, i * 10.0);
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(namesFound("pencil")).hasSize(5));

        GraphQlTester.Response response = search(Map.of("query", "pencil", "filter", "foo >= 20",
                "sort", List.of("foo:desc"), "facets", List.of("version"), "page", 1, "hitsPerPage", 2));
        response.path("searchThings.totalHits").entity(Integer.class).isEqualTo(4)
                .path("searchThings.totalPages").entity(Integer.class).isEqualTo(2)
                .path("searchThings.hits[*].thing.name").entityList(String.class)
                .containsExactly("pencil 5", "pencil 4")
                .path("searchThings.facets[0].facet").entity(String.class).isEqualTo("version")
                .path("searchThings.facets[0].values[0].count").entity(Integer.class).isEqualTo(4);
    }

    @Test
    void aFilterOrSortTheIndexDoesNotAllowIsATypedError() {
        create("eraser", 1.0);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(namesFound("eraser")).containsExactly("eraser"));

        search(Map.of("filter", "name = pencil"))
                .path("searchThings.__typename").entity(String.class).isEqualTo("InvalidSearch")
                .path("searchThings.parameter").entity(String.class).isEqualTo("filter")
                .path("searchThings.message").entity(String.class).satisfies(m -> assertThat(m).contains("name"));
        search(Map.of("sort", List.of("colour:asc")))
                .path("searchThings.__typename").entity(String.class).isEqualTo("InvalidSearch")
                .path("searchThings.parameter").entity(String.class).isEqualTo("sort");
        search(Map.of("hitsPerPage", 0))
                .path("searchThings.__typename").entity(String.class).isEqualTo("InvalidSearch")
                .path("searchThings.parameter").entity(String.class).isEqualTo("hitsPerPage");
    }
}
