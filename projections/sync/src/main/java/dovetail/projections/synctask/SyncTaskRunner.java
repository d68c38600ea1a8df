package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.Sink;
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
    private final String name;
    private final long revision;
    private final SyncTaskDefinition definition;
    private final Sink sink;
    private final TaskDelivery delivery;
    private final PooledStreamingEventProcessor processor;
    private final ScheduledExecutorService coordinator;
    private final ScheduledExecutorService workers;
    private final LiveEventSource.Scoped events;
    private final HistoryReader catchUp;
    private boolean closed;

    /**
     * @param name the processor's name, which also names its token and its dead-letter queue
     * @param settings how far behind the head the task must be at start to catch up with a {@link HistoryReader},
     *                 the most events that reader delivers in one call, how often the processor looks for segments
     */
    SyncTaskRunner(String taskId, String name, long revision, SyncTaskDefinition definition, Sink sink,
                   TaskMonitor monitor, LiveEventSource.Scoped events, TokenStore tokens,
                   TransactionManager transactions, IntSupplier liveInstances, TaskDeadLetters deadLetters,
                   SyncTaskProperties settings) {
        this.taskId = taskId;
        this.name = name;
        this.revision = revision;
        this.definition = definition;
        this.sink = sink;
        this.delivery = new TaskDelivery(taskId, definition, sink, monitor, deadLetters, events::payloadAsStored);
        this.events = events;
        this.coordinator = Executors.newScheduledThreadPool(1, threads("task-" + taskId + "-coordinator"));
        this.workers = Executors.newScheduledThreadPool(definition.options().threads(), threads("task-" + taskId));
        this.processor = PooledStreamingEventProcessor.builder()
                .name(name)
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
                .maxSegmentProvider(processor -> Math.max(1, (int) Math.ceil(
                        definition.options().segments() / (double) Math.max(1, liveInstances.getAsInt()))))
                .batchSize(definition.options().batchSize())
                .tokenClaimInterval(settings.claimInterval().toMillis())
                .initialToken(StreamableMessageSource::createTailToken)
                .build();
        this.catchUp = HistoryReader.catchingUp(taskId, name, definition.options().segments(),
                settings.catchUpLag(), settings.catchUpBatchLimit(), definition,
                delivery, monitor, events, tokens, transactions, this::startProcessor);
    }

    static String processorName(String taskId) {
        return "sync-task:" + taskId;
    }

    /**
     * What names a full sync's processor after its task's: "rebuild" is the full sync's former name, kept because the
     * name is stored with the processor's position and dead letters, and renaming it would orphan those of a full
     * sync running during an upgrade.
     */
    static final String FULL_SYNC_PROCESSOR_MARK = "/rebuild-";

    /** The processor that builds the fresh copy for a task's full sync {@code generation}. */
    static String fullSyncProcessorName(String taskId, long generation) {
        return processorName(taskId) + FULL_SYNC_PROCESSOR_MARK + generation;
    }

    long revision() {
        return revision;
    }

    /**
     * Catches up with the history reader if the task is far behind, else starts at once; the reader reads ahead
     * while the sink is prepared, and delivers once it is. Throws (and the caller closes this runner) when the sink
     * cannot be prepared.
     */
    void start() {
        catchUp.readAhead();
        sink.prepare();
        catchUp.start();
    }

    private synchronized void startProcessor() {
        if (closed) {
            return;
        }
        processor.start();
        log.info("Sync task {} runs as {} ({}, {} segment(s), batches of {})", taskId, name, sink.describe(),
                definition.options().segments(), definition.options().batchSize());
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        catchUp.close();
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
            DeliveryBatch batch = unitOfWork.getOrComputeResource("dovetail.sync-task.batch", key -> {
                DeliveryBatch created = delivery.newBatch();
                unitOfWork.onPrepareCommit(committing -> delivery.deliver(created));
                unitOfWork.afterCommit(committed -> events.wake());
                return created;
            });
            delivery.offer(batch, event);
            return null;
        }

        @Override
        public Class<?> getTargetType() {
            return BatchingHandler.class;
        }
    }

}
