package dovetail.app.health;

import dovetail.projections.search.MeilisearchIndexes;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Meilisearch answers its own health check; down when it does not (tasks then retry and report it too). */
@Component("meilisearch")
class MeilisearchHealth extends AbstractHealthIndicator {

    private final MeilisearchIndexes indexes;

    MeilisearchHealth(MeilisearchIndexes indexes) {
        super("Meilisearch health check failed");
        this.indexes = indexes;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean available = Boolean.TRUE.equals(indexes.client().isHealthy());
        health.status(available ? "UP" : "DOWN").withDetail("url", indexes.properties().url());
    }
}
