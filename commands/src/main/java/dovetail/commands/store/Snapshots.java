package dovetail.commands.store;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of the aggregates with long histories (Things, sync tasks: {@code @Aggregate(snapshotTriggerDefinition =
 * Snapshots.TRIGGER)}): once {@code dovetail.snapshots.threshold} events were loaded or applied, the aggregate's
 * state is stored as JSON by the events' serializer in {@code snapshot_event_entry}, with the aggregate class's
 * {@code @Revision}, and the next load starts from it. Which snapshots are read: {@link CurrentSnapshotShape} and
 * {@link SnapshotReadingEngine}.
 *
 * <p>A snapshot is taken after the command's transaction committed, on a thread of its own: the command's answer
 * never waits for it. One thread, and a bounded queue that refuses what does not fit: a refused snapshot is taken at
 * the aggregate's next threshold, and meanwhile it loads from more events, as it would without snapshots. Refused by
 * throwing, not dropped in silence: Axon forgets that an aggregate's snapshot is under way only when the executor
 * throws (its unit of work then logs it at INFO), and would never again snapshot one whose task vanished.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SnapshotProperties.class)
public class Snapshots {

    /** The bean name of the trigger definition the snapshotted aggregates name. */
    public static final String TRIGGER = "snapshotTrigger";

    private static final int QUEUED_SNAPSHOTS = 1_000;

    // not a bean: an Executor bean would stand in for Spring Boot's own task executor
    private final ThreadPoolExecutor executor = executor(QUEUED_SNAPSHOTS);

    /** Axon's Spring snapshotter as its auto-configuration builds it, with the executor above. */
    @Bean
    SpringAggregateSnapshotter snapshotter(org.axonframework.config.Configuration configuration,
                                           HandlerDefinition handlerDefinition,
                                           ParameterResolverFactory parameterResolverFactory, EventStore eventStore,
                                           TransactionManager transactionManager,
                                           SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(executor)
                .build();
    }

    @Bean(TRIGGER)
    SnapshotTriggerDefinition snapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.threshold());
    }

    /** One daemon thread taking at most {@code queued} waiting snapshots; beyond that, execute throws. */
    static ThreadPoolExecutor executor(int queued) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), runnable -> {
            Thread thread = new Thread(runnable, "snapshotter");
            thread.setDaemon(true);
            return thread;
        }, (refused, executor) -> {
            throw new RejectedExecutionException(queued + " snapshots are waiting already: this aggregate's is left "
                    + "for its next threshold");
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
