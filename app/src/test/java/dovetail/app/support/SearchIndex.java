package dovetail.app.support;

import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.model.DocumentsQuery;
import com.meilisearch.sdk.model.Results;
import dovetail.projections.search.MeilisearchIndexes;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads a Meilisearch index directly, to check what a sync task delivered. */
public final class SearchIndex {

    private static final int PAGE = 10_000;

    private final MeilisearchIndexes indexes;
    private final String uid;

    public SearchIndex(MeilisearchIndexes indexes, String name) {
        this.indexes = indexes;
        this.uid = indexes.fullIndexUid(name);
    }

    /** Every document, by primary key {@code id}; empty while the index does not exist. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> documents() {
        try {
            Index index = indexes.client().index(uid);
            Map<String, Map<String, Object>> documents = new TreeMap<>();
            for (int offset = 0; ; offset += PAGE) {
                Results<Map> page = index.getDocuments(new DocumentsQuery().setOffset(offset).setLimit(PAGE), Map.class);
                Arrays.stream(page.getResults()).map(doc -> (Map<String, Object>) doc)
                      .forEach(doc -> documents.putIfAbsent(String.valueOf(doc.get("id")), doc));
                if (page.getResults().length < PAGE) {
                    return documents;
                }
            }
        } catch (com.meilisearch.sdk.exceptions.MeilisearchApiException e) {
            if ("index_not_found".equals(e.getCode())) {
                return Map.of();
            }
            throw e;
        }
    }

    /** Versions by Thing id, to compare with the read model. */
    public Map<String, Long> versions() {
        return documents().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> ((Number) entry.getValue().get("version")).longValue(), (a, b) -> a, TreeMap::new));
    }
}
