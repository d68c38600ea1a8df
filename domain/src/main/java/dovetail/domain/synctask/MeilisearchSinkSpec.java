package dovetail.domain.synctask;

import java.util.List;

/**
 * A Meilisearch index (its name before the deployment's index prefix), its primary key, the attributes it
 * searches, filters and sorts on, and where it lives: the topology over named, configured Meilisearch instances.
 * Null lists mean the defaults; a null topology (definitions recorded before topologies existed) is
 * {@code SINGLE} on the default instance.
 */
public record MeilisearchSinkSpec(String index, String primaryKey, List<String> searchableAttributes,
                                  List<String> filterableAttributes, List<String> sortableAttributes,
                                  MeilisearchTopology topology, List<String> instances) {

    /** One index on the default instance. */
    public MeilisearchSinkSpec(String index, String primaryKey, List<String> searchableAttributes,
                               List<String> filterableAttributes, List<String> sortableAttributes) {
        this(index, primaryKey, searchableAttributes, filterableAttributes, sortableAttributes, null, null);
    }
}
