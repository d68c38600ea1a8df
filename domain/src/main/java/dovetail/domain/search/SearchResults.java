package dovetail.domain.search;

import java.util.List;
import java.util.Map;

/** One page of hits, the total, facet counts (facet → value → count) and the engine's own processing time. */
public record SearchResults(List<SearchHit> hits, long totalHits, int page, int hitsPerPage, int totalPages,
                            Map<String, Map<String, Long>> facetDistribution, int processingTimeMillis)
        implements SearchOutcome {
}
