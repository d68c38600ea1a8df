package dovetail.app.health;

import dovetail.domain.synctask.ListSyncTasks;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Every sync task's state: {@code DOWN} when a task is failing (its sink refuses or cannot be reached),
 * {@code DEGRADED} when one has parked events (dead letters: its sink does not hold everything it should) or lags
 * more than {@code dovetail.health.max-task-lag} behind the newest event, else up. A task's details say which.
 */
@Component("syncTasks")
@EnableConfigurationProperties(HealthProperties.class)
class SyncTasksHealth extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a sync task has parked events or lags behind");

    private final QueryGateway queries;
    private final HealthProperties properties;

    SyncTasksHealth(QueryGateway queries, HealthProperties properties) {
        super("Sync task states could not be read");
        this.queries = queries;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        List<SyncTaskView> tasks = queries.query(new ListSyncTasks(null),
                ResponseTypes.multipleInstancesOf(SyncTaskView.class)).join();
        Status worst = Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (SyncTaskView task : tasks) {
            Status status = statusOf(task);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", task.status().name());
            detail.put("lagEvents", task.lagEvents());
            detail.put("lagSeconds", task.lagSeconds());
            detail.put("deadLetters", task.deadLetters());
            if (status == DEGRADED) {
                detail.put("degraded", task.deadLetters() > 0 ? task.deadLetters() + " parked event(s): see deadLetters"
                        : "lags more than " + properties.maxTaskLag().toSeconds() + " s behind");
            }
            if (task.lastError() != null && task.status() == SyncTaskStatus.FAILED) {
                detail.put("lastError", task.lastError());
            }
            details.put(task.id(), detail);
            if (status == Status.DOWN || (status == DEGRADED && worst == Status.UP)) {
                worst = status;
            }
        }
        health.status(worst).withDetails(details);
    }

    private Status statusOf(SyncTaskView task) {
        if (task.status() == SyncTaskStatus.FAILED) {
            return Status.DOWN;
        }
        boolean lagging = task.status() == SyncTaskStatus.ACTIVE && task.lagSeconds() != null
                          && task.lagSeconds() > properties.maxTaskLag().toSeconds();
        return lagging || task.deadLetters() > 0 ? DEGRADED : Status.UP;
    }
}
