package dovetail.commands.store;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ArrayBlockingQueue;
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
 * never waits for it. One thread, and a bounded queue that drops what does not fit: a dropped snapshot is taken at
 * the aggregate's next threshold, and meanwhile it loads from the events as it would without snapshots.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SnapshotProperties.class)
public class Snapshots {

    /** The bean name of the trigger definition the snapshotted aggregates name. */
    public static final String TRIGGER = "snapshotTrigger";

    private static final int QUEUED_SNAPSHOTS = 1_000;

    // not a bean: an Executor bean would stand in for Spring Boot's own task executor
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED_SNAPSHOTS), runnable -> {
                Thread thread = new Thread(runnable, "snapshotter");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

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

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
