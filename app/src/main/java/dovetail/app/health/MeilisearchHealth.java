package dovetail.app.health;

import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.MeilisearchInstances;
import dovetail.projections.search.MeilisearchProperties;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Meilisearch answers its own health check; down when the default instance does not (tasks then retry and report it
 * too). Further instances are listed with their own state: one replica or shard down degrades only the tasks on it,
 * whose targets say so.
 */
@Component("meilisearch")
class MeilisearchHealth extends AbstractHealthIndicator {

    private final MeilisearchIndexes indexes;
    private final MeilisearchInstances instances;

    MeilisearchHealth(MeilisearchIndexes indexes, MeilisearchInstances instances) {
        super("Meilisearch health check failed");
        this.indexes = indexes;
        this.instances = instances;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean available = Boolean.TRUE.equals(indexes.client().isHealthy());
        health.status(available ? "UP" : "DOWN").withDetail("url", indexes.properties().url());
        Map<String, String> others = new TreeMap<>();
        for (String name : instances.names()) {
            if (!MeilisearchProperties.DEFAULT_INSTANCE.equals(name)) {
                MeilisearchIndexes other = instances.indexes(name);
                others.put(name, other.properties().url() + (healthy(other) ? " UP" : " DOWN"));
            }
        }
        if (!others.isEmpty()) {
            health.withDetail("instances", others);
        }
    }

    private static boolean healthy(MeilisearchIndexes instance) {
        try {
            return Boolean.TRUE.equals(instance.client().isHealthy());
        } catch (RuntimeException unreachable) {
            return false;
        }
    }
}
