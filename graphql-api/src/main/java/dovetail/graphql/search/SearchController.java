package dovetail.graphql.search;

import dovetail.domain.search.SearchHit;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code searchThings}: one query to the search projection, its answer shaped for GraphQL. */
@Controller
class SearchController {

    private static final int DEFAULT_HITS_PER_PAGE = 20;

    private final QueryGateway queries;

    SearchController(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    CompletableFuture<SearchOutcome> searchThings(@Argument String query, @Argument String filter,
                                                  @Argument List<String> sort, @Argument List<String> facets,
                                                  @Argument Integer page, @Argument Integer hitsPerPage) {
        return queries.query(new SearchThings(query == null ? "" : query, filter, sort == null ? List.of() : sort,
                facets == null ? List.of() : facets, page == null ? 1 : page,
                hitsPerPage == null ? DEFAULT_HITS_PER_PAGE : hitsPerPage), SearchOutcome.class);
    }

    @SchemaMapping(typeName = "SearchResults")
    List<Map<String, Object>> facets(SearchResults results) {
        return results.facetDistribution().entrySet().stream().map(facet -> Map.<String, Object>of(
                "facet", facet.getKey(),
                "values", facet.getValue().entrySet().stream()
                               .map(value -> Map.<String, Object>of("value", value.getKey(), "count", value.getValue()))
                               .toList())).toList();
    }

    @SchemaMapping(typeName = "SearchResults")
    int processingTimeMs(SearchResults results) {
        return results.processingTimeMillis();
    }

    @SchemaMapping(typeName = "SearchHit")
    List<Map<String, String>> highlights(SearchHit hit) {
        return hit.highlights().entrySet().stream()
                  .map(highlight -> Map.of("field", highlight.getKey(), "value", highlight.getValue())).toList();
    }
}
