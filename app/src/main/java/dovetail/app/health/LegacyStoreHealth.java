package dovetail.app.health;

import dovetail.domain.migration.CaptureStatus;
import dovetail.migration.capture.CaptureRuntime;
import dovetail.migration.legacy.LegacyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The legacy store: down when its database does not answer; with the table's row count, the server's
 * {@code wal_level}, each capture source's state and why the table is polled where logical replication was asked
 * for. Up with {@code configured: false} when there is none, so the
 * {@code engines} group reads the same everywhere.
 */
@Component("legacy")
class LegacyStoreHealth extends AbstractHealthIndicator {

    private final ObjectProvider<LegacyStore> store;
    private final ObjectProvider<CaptureRuntime> capture;

    LegacyStoreHealth(ObjectProvider<LegacyStore> store, ObjectProvider<CaptureRuntime> capture) {
        super("The legacy store does not answer");
        this.store = store;
        this.capture = capture;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        LegacyStore legacy = store.getIfAvailable();
        if (legacy == null) {
            health.up().withDetail("configured", false);
            return;
        }
        health.up().withDetail("configured", true).withDetail("table", legacy.table())
              .withDetail("rows", legacy.count()).withDetail("walLevel", String.valueOf(legacy.walLevel()));
        CaptureRuntime runtime = capture.getIfAvailable();
        if (runtime != null) {
            for (CaptureStatus status : runtime.statuses()) {
                health.withDetail("capture." + status.source(), status.lastError() == null
                        ? (status.running() ? "running" : "standing by")
                        : "failing: " + status.lastError());
                if (status.fallback() != null) {
                    health.withDetail("capture.fallback", status.fallback());
                }
            }
        }
    }
}
