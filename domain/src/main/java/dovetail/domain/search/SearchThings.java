package dovetail.domain.search;

import java.util.List;

/**
 * A search over the Things index: full text, a Meilisearch filter expression, sort rules ({@code foo:desc}),
 * facets to count, and a 1-based page of {@code hitsPerPage}.
 */
public record SearchThings(String query, String filter, List<String> sort, List<String> facets, int page,
                           int hitsPerPage) {
}
