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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers {@link SearchThings} from the Things index, one page at a time (page numbering, so the totals are
 * exact). A parameter the index cannot use is an {@link InvalidSearch} carrying Meilisearch's own message, which
 * names the attributes that are allowed; an index that does not exist yet has no hits.
 *
 * <p>The index's layout is the one the task filling it has now. {@code REPLICATED}: one replica answers, taken in
 * turn; a replica whose delivery fails or lags is asked only after the others, and one that cannot be reached is
 * passed over (and asked last for a few seconds). {@code SHARDED}: one
 * federated multi-search, sent to a shard in turn, asks every shard through Meilisearch's {@code network}
 * ({@code federationOptions.remote}); Meilisearch merges hits (by ranking score, or by the sort), the total and the
 * facets. A shard that does not answer fails the search rather than leave its Things out.
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

    private static final long DOWN_FOR_NANOS = java.time.Duration.ofSeconds(5).toNanos();

    private final MeilisearchInstances instances;
    private final String thingsIndex;
    private final ObjectProvider<SearchLayout.Source> layouts;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger turn = new AtomicInteger();
    private final Map<String, Long> downSince = new ConcurrentHashMap<>();

    SearchThingsHandler(MeilisearchInstances instances, SearchProperties properties,
                        ObjectProvider<SearchLayout.Source> layouts) {
        this.instances = instances;
        this.thingsIndex = properties.thingsIndex();
        this.layouts = layouts;
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
        SearchLayout.Source source = layouts.getIfAvailable();
        SearchLayout layout = source == null ? SearchLayout.single(thingsIndex) : source.of(thingsIndex);
        return switch (layout.topology()) {
            case SINGLE -> search(layout.instances().get(0), layout.index(), query);
            case REPLICATED -> searchAReplica(layout, query);
            case SHARDED -> searchTheShards(layout, query);
        };
    }

    private SearchOutcome search(String instance, String index, SearchThings query) {
        MeilisearchIndexes indexes = instances.indexes(instance);
        String indexUid = indexes.fullIndexUid(index);
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
        return results(answer, indexUid, null);
    }

    /**
     * The instances in the order to try them: each search starts at the next; replicas that are behind come after
     * the others, and those seen down last of all.
     */
    private List<String> inTurn(List<String> names, Set<String> behind) {
        int start = Math.floorMod(turn.getAndIncrement(), names.size());
        List<String> current = new ArrayList<>();
        List<String> late = new ArrayList<>();
        List<String> down = new ArrayList<>();
        long now = System.nanoTime();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get((start + i) % names.size());
            Long since = downSince.get(name);
            (since != null && now - since < DOWN_FOR_NANOS ? down : behind.contains(name) ? late : current).add(name);
        }
        current.addAll(late);
        current.addAll(down);
        return current;
    }

    private SearchOutcome searchAReplica(SearchLayout layout, SearchThings query) {
        MeilisearchFailure last = null;
        for (String replica : inTurn(layout.instances(), layout.behind())) {
            try {
                SearchOutcome outcome = search(replica, layout.index(), query);
                downSince.remove(replica);
                return outcome;
            } catch (MeilisearchFailure unreachable) {
                if (unreachable.code() != null) {
                    throw unreachable;
                }
                downSince.put(replica, System.nanoTime());
                last = unreachable;
            }
        }
        throw last;
    }

    private SearchOutcome searchTheShards(SearchLayout layout, SearchThings query) {
        String indexUid = instances.indexes(layout.instances().get(0)).fullIndexUid(layout.index());
        ObjectNode request = federated(layout, indexUid, query);
        MeilisearchFailure last = null;
        for (String entry : inTurn(layout.instances(), Set.of())) {
            JsonNode answer;
            try {
                instances.joinNetwork(entry);
                answer = instances.multiSearch(entry, request);
                downSince.remove(entry);
            } catch (MeilisearchFailure e) {
                if (e.code() == null) {
                    downSince.put(entry, System.nanoTime());
                    last = e;
                    continue;
                }
                if ("index_not_found".equals(e.code())) {
                    return new SearchResults(List.of(), 0, query.page(), query.hitsPerPage(), 0, Map.of(), 0);
                }
                String parameter = e.code().startsWith("invalid_multi_search_facets") ? "facets"
                        : PARAMETER_BY_CODE.get(e.code());
                if (parameter != null) {
                    return new InvalidSearch(parameter, e.getMessage());
                }
                throw e;
            }
            JsonNode remoteErrors = answer.path("remoteErrors");
            if (remoteErrors.size() > 0) {
                throw new MeilisearchFailure("A federated search of " + indexUid + " could not reach every shard, so "
                        + "its results would be incomplete: " + remoteErrors, null, null);
            }
            return results(answer.toString(), indexUid, query);
        }
        throw last;
    }

    /**
     * One query per shard, each sent by Meilisearch to its remote. Federation in Meilisearch 1.21 pages by offset
     * and limit and answers an estimated total (exact for a page of hits within {@code maxTotalHits}).
     */
    private ObjectNode federated(SearchLayout layout, String indexUid, SearchThings query) {
        ObjectNode request = json.createObjectNode();
        ObjectNode federation = request.putObject("federation")
                .put("offset", (query.page() - 1) * query.hitsPerPage()).put("limit", query.hitsPerPage());
        if (query.facets() != null && !query.facets().isEmpty()) {
            query.facets().forEach(federation.putObject("facetsByIndex").putArray(indexUid)::add);
            federation.putObject("mergeFacets");
        }
        ArrayNode queries = request.putArray("queries");
        for (String shard : layout.instances()) {
            ObjectNode one = queries.addObject().put("indexUid", indexUid)
                    .put("q", query.query() == null ? "" : query.query())
                    .put("highlightPreTag", PRE_TAG).put("highlightPostTag", POST_TAG);
            HIGHLIGHTED.forEach(one.putArray("attributesToHighlight")::add);
            if (query.filter() != null && !query.filter().isBlank()) {
                one.put("filter", query.filter());
            }
            if (query.sort() != null && !query.sort().isEmpty()) {
                query.sort().forEach(one.putArray("sort")::add);
            }
            one.putObject("federationOptions").put("remote", shard);
        }
        return request;
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

    /** @param federated the query of a federated search (which answers offset, limit and an estimate), else null */
    private SearchResults results(String answer, String indexUid, SearchThings federated) {
        JsonNode root;
        try {
            root = json.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new MeilisearchFailure("Meilisearch answered a search on " + indexUid
                    + " with something that is not JSON", null, e);
        }
        List<SearchHit> hits = new ArrayList<>();
        for (JsonNode hit : root.path("hits")) {
            Map<String, Object> document = json.convertValue(hit, DOCUMENT);
            document.remove("_formatted");
            document.remove("_federation");
            hits.add(new SearchHit(ThingDocument.fromDocument(document), highlights(hit.path("_formatted"))));
        }
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        root.path("facetDistribution").fields().forEachRemaining(facet -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            facet.getValue().fields().forEachRemaining(value -> counts.put(value.getKey(), value.getValue().asLong()));
            facets.put(facet.getKey(), counts);
        });
        if (federated != null) {
            long total = root.path("estimatedTotalHits").asLong();
            return new SearchResults(hits, total, federated.page(), federated.hitsPerPage(),
                    (int) ((total + federated.hitsPerPage() - 1) / federated.hitsPerPage()), facets,
                    root.path("processingTimeMs").asInt());
        }
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
