package dovetail.app.backup;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * After an import, rebuilds what is written in the command's own transaction and so has no position to replay from:
 * every projection of a subscribing processor (the Thing read model, the sync task table, the migration's mode). It
 * feeds them the whole restored store through Axon's reader (and so the upcaster chain), in one transaction that also
 * marks the import done: several instances starting at once rebuild it once, and a failed rebuild is tried again at the
 * next start.
 */
@Component
class ReadModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);

    private final JdbcTemplate jdbc;
    private final TransactionManager transactions;
    private final EventStorageEngine store;
    private final EventProcessingConfiguration processing;

    ReadModelRebuild(JdbcTemplate jdbc, TransactionManager transactions, EventStorageEngine store,
                     EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.processing = processing;
    }

    /** Rebuilds when an import is waiting for it; does nothing otherwise. */
    void rebuildIfImported() {
        transactions.executeInTransaction(() -> {
            List<Timestamp> pending = jdbc.queryForList(
                    "select imported_at from event_store_restore where rebuilt_at is null for update", Timestamp.class);
            if (pending.isEmpty()) {
                return;
            }
            List<SubscribingEventProcessor> processors = processing.eventProcessors().values().stream()
                    .filter(SubscribingEventProcessor.class::isInstance).map(SubscribingEventProcessor.class::cast)
                    .toList();
            long events = replay(processors.stream().map(SubscribingEventProcessor::eventHandlerInvoker).toList());
            jdbc.update("update event_store_restore set rebuilt_at = ? where rebuilt_at is null",
                    Timestamp.from(Instant.now()));
            log.info("Restored event store: rebuilt {} from its {} event(s); run the mutation fullSyncAllTasks to "
                     + "rebuild every sync task's sink", processors.stream().map(SubscribingEventProcessor::getName)
                             .sorted().toList(), events);
        });
    }

    private long replay(List<EventHandlerInvoker> invokers) {
        long[] count = {0};
        try (Stream<? extends TrackedEventMessage<?>> events = store.readEvents(null, false)) {
            events.forEach(event -> {
                count[0]++;
                for (EventHandlerInvoker invoker : invokers) {
                    try {
                        if (invoker.canHandle(event, Segment.ROOT_SEGMENT)) {
                            invoker.handle(event, Segment.ROOT_SEGMENT);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("Could not rebuild the read model at event "
                                                        + event.trackingToken(), e);
                    }
                }
            });
        }
        return count[0];
    }
}
