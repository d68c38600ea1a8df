package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.DocumentChange;
import dovetail.projections.sink.Sink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task on this instance: its own pooled streaming processor (and token, shared with other instances through
 * the token store), which hands each batch of events to the sink in the batch's transaction. The token is stored
 * in that same transaction, after the sink accepted the batch: a sink failure rolls both back and the processor
 * retries the batch with exponential back-off (1 s doubling to 60 s per segment), never skipping an event.
 */
final class SyncTaskRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncTaskRunner.class);

    private final String taskId;
    private final long revision;
    private final SyncTaskDefinition definition;
    private final Sink sink;
    private final TaskMonitor monitor;
    private final TaskPipeline pipeline;
    private final PooledStreamingEventProcessor processor;
    private final ScheduledExecutorService coordinator;
    private final ScheduledExecutorService workers;
    private final LiveEventSource.Scoped events;

    SyncTaskRunner(String taskId, long revision, SyncTaskDefinition definition, Sink sink, TaskMonitor monitor,
                   LiveEventSource.Scoped events, TokenStore tokens,
                   TransactionManager transactions, IntSupplier liveInstances) {
        this.taskId = taskId;
        this.revision = revision;
        this.definition = definition;
        this.sink = sink;
        this.monitor = monitor;
        this.pipeline = new TaskPipeline(definition);
        this.events = events;
        this.coordinator = Executors.newScheduledThreadPool(1, threads("task-" + taskId + "-coordinator"));
        this.workers = Executors.newScheduledThreadPool(definition.options().threads(), threads("task-" + taskId));
        this.processor = PooledStreamingEventProcessor.builder()
                .name(processorName(taskId))
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(new BatchingHandler())
                        .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                        .build())
                .errorHandler(PropagatingErrorHandler.instance())
                .messageSource(events)
                .tokenStore(tokens)
                .transactionManager(transactions)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(definition.options().segments())
                // an even share per live instance; the processor releases a surplus when instances join
                .maxSegmentProvider(name -> Math.max(1, (int) Math.ceil(
                        definition.options().segments() / (double) Math.max(1, liveInstances.getAsInt()))))
                .batchSize(definition.options().batchSize())
                .initialToken(StreamableMessageSource::createTailToken)
                .build();
    }

    static String processorName(String taskId) {
        return "sync-task:" + taskId;
    }

    long revision() {
        return revision;
    }

    void start() {
        sink.prepare();
        processor.start();
        log.info("Sync task {} runs ({}, {} segment(s), batches of {})", taskId, sink.describe(),
                definition.options().segments(), definition.options().batchSize());
    }

    boolean running() {
        return processor.isRunning();
    }

    @Override
    public void close() {
        try {
            processor.shutdownAsync().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Sync task {} did not stop cleanly", taskId, e);
        } finally {
            coordinator.shutdownNow();
            workers.shutdownNow();
            sink.close();
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Collects the batch's changes in its unit of work and delivers them once, just before the batch commits. */
    private final class BatchingHandler implements EventMessageHandler {

        @Override
        public Object handle(EventMessage<?> event) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
            Batch batch = unitOfWork.getOrComputeResource("dovetail.sync-task.batch", key -> {
                Batch created = new Batch();
                unitOfWork.onPrepareCommit(committing -> deliver(created));
                unitOfWork.afterCommit(committed -> events.wake());
                return created;
            });
            batch.add(event, pipeline.apply(event.getPayload()).orElse(null));
            return null;
        }

        @Override
        public Class<?> getTargetType() {
            return BatchingHandler.class;
        }
    }

    private void deliver(Batch batch) {
        if (batch.changes.isEmpty()) {
            monitor.delivered(batch.eventsByType, 0, List.of());
            return;
        }
        try {
            sink.deliver(batch.changes, Duration.ofMillis(definition.options().batchTimeoutMillis()));
        } catch (RuntimeException failure) {
            monitor.failed(failure);
            log.warn("Sync task {} could not deliver {} change(s) to {}: {}; retrying with back-off", taskId,
                    batch.changes.size(), sink.describe(), monitor.lastError());
            throw failure;
        }
        monitor.delivered(batch.eventsByType, batch.changes.size(), batch.appendedAt);
    }

    private static final class Batch {
        private final List<DocumentChange> changes = new ArrayList<>();
        private final List<Instant> appendedAt = new ArrayList<>();
        private final Map<String, Long> eventsByType = new LinkedHashMap<>();

        void add(EventMessage<?> event, DocumentChange change) {
            if (change == null) {
                return;
            }
            changes.add(change);
            appendedAt.add(event.getTimestamp());
            eventsByType.merge(event.getPayloadType().getSimpleName(), 1L, Long::sum);
        }
    }
}
