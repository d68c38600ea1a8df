package dovetail.domain.synctask;

import java.util.List;

/**
 * A Meilisearch index (its name before the deployment's index prefix), its primary key, and the attributes it
 * searches, filters and sorts on. Null lists mean the defaults.
 */
public record MeilisearchSinkSpec(String index, String primaryKey, List<String> searchableAttributes,
                                  List<String> filterableAttributes, List<String> sortableAttributes) {
}
