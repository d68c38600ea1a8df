package dovetail.functions.search;

import java.util.List;

/**
 * {@code searchThings}: full text, a Meilisearch filter expression, sort rules ({@code foo:desc}), facets to count,
 * and a 1-based page of {@code hitsPerPage} (1..100, default 20). Every field may be left out.
 */
public record SearchThingsRequest(String query, String filter, List<String> sort, List<String> facets, Integer page,
                                  Integer hitsPerPage) {
}
