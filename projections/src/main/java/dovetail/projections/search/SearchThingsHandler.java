package dovetail.projections.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.SearchRequest;
import com.meilisearch.sdk.exceptions.MeilisearchApiException;
import com.meilisearch.sdk.exceptions.MeilisearchException;
import dovetail.domain.search.InvalidSearch;
import dovetail.domain.search.SearchHit;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers {@link SearchThings} from the Things index, one page at a time (page numbering, so the totals are
 * exact). A parameter the index cannot use is an {@link InvalidSearch} carrying Meilisearch's own message, which
 * names the attributes that are allowed; an index that does not exist yet has no hits.
 */
@Component
class SearchThingsHandler {

    static final int MAX_HITS_PER_PAGE = 100;
    private static final List<String> HIGHLIGHTED = List.of("name");
    private static final String PRE_TAG = "<em>";
    private static final String POST_TAG = "</em>";
    private static final Map<String, String> PARAMETER_BY_CODE = Map.of(
            "invalid_search_filter", "filter",
            "invalid_search_sort", "sort",
            "invalid_search_facets", "facets",
            "invalid_search_page", "page",
            "invalid_search_hits_per_page", "hitsPerPage",
            "invalid_search_q", "query");
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {
    };

    private final MeilisearchIndexes indexes;
    private final String indexUid;
    private final ObjectMapper json = new ObjectMapper();

    SearchThingsHandler(MeilisearchIndexes indexes, SearchProperties properties) {
        this.indexes = indexes;
        this.indexUid = indexes.fullIndexUid(properties.thingsIndex());
    }

    @QueryHandler
    SearchOutcome handle(SearchThings query) {
        if (query.page() < 1) {
            return new InvalidSearch("page", "page must be 1 or more, not " + query.page());
        }
        if (query.hitsPerPage() < 1 || query.hitsPerPage() > MAX_HITS_PER_PAGE) {
            return new InvalidSearch("hitsPerPage",
                    "hitsPerPage must be 1.." + MAX_HITS_PER_PAGE + ", not " + query.hitsPerPage());
        }
        String answer;
        try {
            answer = indexes.client().index(indexUid).rawSearch(request(query));
        } catch (MeilisearchApiException e) {
            if ("index_not_found".equals(e.getCode())) {
                return new SearchResults(List.of(), 0, query.page(), query.hitsPerPage(), 0, Map.of(), 0);
            }
            String parameter = PARAMETER_BY_CODE.get(e.getCode());
            if (parameter != null) {
                return new InvalidSearch(parameter, e.getMessage());
            }
            throw indexes.failure("search " + indexUid, e);
        } catch (MeilisearchException e) {
            throw indexes.failure("search " + indexUid, e);
        }
        return results(answer);
    }

    private static SearchRequest request(SearchThings query) {
        SearchRequest request = SearchRequest.builder()
                .q(query.query() == null ? "" : query.query())
                .page(query.page())
                .hitsPerPage(query.hitsPerPage())
                .attributesToHighlight(HIGHLIGHTED.toArray(String[]::new))
                .highlightPreTag(PRE_TAG)
                .highlightPostTag(POST_TAG)
                .build();
        if (query.filter() != null && !query.filter().isBlank()) {
            request.setFilter(new String[] {query.filter()});
        }
        if (query.sort() != null && !query.sort().isEmpty()) {
            request.setSort(query.sort().toArray(String[]::new));
        }
        if (query.facets() != null && !query.facets().isEmpty()) {
            request.setFacets(query.facets().toArray(String[]::new));
        }
        return request;
    }

    private SearchResults results(String answer) {
        JsonNode root;
        try {
            root = json.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new MeilisearchFailure("Meilisearch at " + indexes.url() + " answered a search on " + indexUid
                    + " with something that is not JSON", null, e);
        }
        List<SearchHit> hits = new ArrayList<>();
        for (JsonNode hit : root.path("hits")) {
            Map<String, Object> document = json.convertValue(hit, DOCUMENT);
            document.remove("_formatted");
            hits.add(new SearchHit(ThingDocument.fromDocument(document), highlights(hit.path("_formatted"))));
        }
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        root.path("facetDistribution").fields().forEachRemaining(facet -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            facet.getValue().fields().forEachRemaining(value -> counts.put(value.getKey(), value.getValue().asLong()));
            facets.put(facet.getKey(), counts);
        });
        return new SearchResults(hits, root.path("totalHits").asLong(), root.path("page").asInt(),
                root.path("hitsPerPage").asInt(), root.path("totalPages").asInt(), facets,
                root.path("processingTimeMs").asInt());
    }

    /** The highlighted fields in which the query matched, with the matches marked. */
    private static Map<String, String> highlights(JsonNode formatted) {
        Map<String, String> highlights = new LinkedHashMap<>();
        for (String field : HIGHLIGHTED) {
            JsonNode value = formatted.path(field);
            if (value.isTextual() && value.asText().contains(PRE_TAG)) {
                highlights.put(field, value.asText());
            }
        }
        return highlights;
    }
}
