package dovetail.app.metrics;

import dovetail.domain.synctask.ListSyncTasks;
import dovetail.domain.synctask.SyncTaskView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Each sync task's lag and dead letters as gauges ({@code dovetail.sync.lag.events}, {@code dovetail.sync.lag.seconds},
 * {@code dovetail.sync.dead.letters}, tagged with the task), refreshed every few seconds from the task views, so a
 * scrape never waits on the database.
 */
@Component
class TaskLagMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskLagMetrics.class);
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final QueryGateway queries;
    private final MultiGauge lagEvents;
    private final MultiGauge lagSeconds;
    private final MultiGauge deadLetters;
    private volatile ScheduledExecutorService refresher;

    TaskLagMetrics(QueryGateway queries, MeterRegistry registry) {
        this.queries = queries;
        this.lagEvents = MultiGauge.builder("dovetail.sync.lag.events")
                .description("Events a sync task has yet to deliver").register(registry);
        this.lagSeconds = MultiGauge.builder("dovetail.sync.lag.seconds").baseUnit("seconds")
                .description("Age of the oldest event a sync task has yet to deliver").register(registry);
        this.deadLetters = MultiGauge.builder("dovetail.sync.dead.letters")
                .description("Events waiting in a sync task's dead-letter queue").register(registry);
    }

    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "task-lag-metrics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        refresher = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    private void refresh() {
        try {
            List<SyncTaskView> tasks = queries.query(new ListSyncTasks(null),
                    ResponseTypes.multipleInstancesOf(SyncTaskView.class)).get(10, TimeUnit.SECONDS);
            lagEvents.register(tasks.stream().map(task -> MultiGauge.Row.of(Tags.of("task", task.id()),
                    task.lagEvents() == null ? 0 : task.lagEvents())).toList(), true);
            lagSeconds.register(tasks.stream().map(task -> MultiGauge.Row.of(Tags.of("task", task.id()),
                    task.lagSeconds() == null ? 0 : task.lagSeconds())).toList(), true);
            deadLetters.register(tasks.stream().map(task -> MultiGauge.Row.of(Tags.of("task", task.id()),
                    task.deadLetters())).toList(), true);
        } catch (Exception e) {
            log.debug("Could not refresh the sync task lag gauges", e);
        }
    }
}
