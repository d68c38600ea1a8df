package dovetail.domain.synctask;

import java.util.Set;

/** The names of the Meilisearch instances this deployment is configured with; a task may only name these. */
public record KnownMeilisearchInstances(Set<String> names) {

    public KnownMeilisearchInstances {
        names = Set.copyOf(names);
    }
}
