package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.DocumentChange;
import dovetail.projections.sink.Sink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.axonframework.messaging.deadletter.Decisions;
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
    private final TaskMonitor monitor;
    private final TaskPipeline pipeline;
    private final PooledStreamingEventProcessor processor;
    private final ScheduledExecutorService coordinator;
    private final ScheduledExecutorService workers;
    private final LiveEventSource.Scoped events;
    private final TaskDeadLetters deadLetters;
    private final Runnable idle;

    /**
     * @param name         the processor's name, which also names its token and its dead-letter queue
     * @param idle         called after a batch that did not fill up: the processor has reached the head for now
     */
    SyncTaskRunner(String taskId, String name, long revision, SyncTaskDefinition definition, Sink sink,
                   TaskMonitor monitor, LiveEventSource.Scoped events, TokenStore tokens,
                   TransactionManager transactions, IntSupplier liveInstances, TaskDeadLetters deadLetters,
                   Runnable idle) {
        this.taskId = taskId;
        this.name = name;
        this.deadLetters = deadLetters;
        this.idle = idle;
        this.revision = revision;
        this.definition = definition;
        this.sink = sink;
        this.monitor = monitor;
        this.pipeline = new TaskPipeline(definition);
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
                .initialToken(StreamableMessageSource::createTailToken)
                .build();
    }

    static String processorName(String taskId) {
        return "sync-task:" + taskId;
    }

    /** The processor that builds the fresh copy for a task's full sync {@code generation}. */
    static String rebuildProcessorName(String taskId, long generation) {
        return processorName(taskId) + "/rebuild-" + generation;
    }

    long revision() {
        return revision;
    }

    void start() {
        sink.prepare();
        processor.start();
        log.info("Sync task {} runs as {} ({}, {} segment(s), batches of {})", taskId, name, sink.describe(),
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
                Batch created = new Batch(deadLetters.parkedThings());
                unitOfWork.onPrepareCommit(committing -> deliver(created));
                unitOfWork.afterCommit(committed -> {
                    events.wake();
                    if (created.events < definition.options().batchSize()) {
                        idle.run();
                    }
                });
                return created;
            });
            batch.events++;
            if (batch.parked.contains(TaskDeadLetters.sequenceOf(event)) && deadLetters.waitBehind(event)) {
                monitor.parked(1);
                return null;
            }
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
        Duration timeout = Duration.ofMillis(definition.options().batchTimeoutMillis());
        // refused changes leave the batch for the dead-letter queue, the rest is delivered again; each round
        // removes at least one Thing, so this ends
        while (!batch.changes.isEmpty()) {
            try {
                sink.deliver(batch.changes, timeout);
                break;
            } catch (ChangesRejected rejected) {
                int parked = batch.park(rejected, deadLetters);
                if (parked == 0) {
                    throw new IllegalStateException(sink.describe() + " refused changes that are not in the batch: "
                            + rejected.getMessage(), rejected);
                }
                monitor.parked(parked);
                log.warn("Sync task {}: {} refused {} Thing(s) for good; their {} event(s) wait in the dead-letter "
                         + "queue: {}", taskId, sink.describe(), rejected.reasons().size(), parked,
                        rejected.getMessage());
            } catch (RuntimeException failure) {
                monitor.failed(failure);
                log.warn("Sync task {} could not deliver {} change(s) to {}: {}; retrying with back-off", taskId,
                        batch.changes.size(), sink.describe(), monitor.lastError());
                throw failure;
            }
        }
        monitor.delivered(batch.eventsByType, batch.changes.size(), batch.appendedAt);
    }

    /**
     * Delivers the parked events of up to {@code limit} Things again, each Thing's in order, through the task's
     * current filter, transform and sink. Answers {things, delivered, still parked}.
     */
    int[] reprocess(int limit) {
        int[] counts = new int[3];
        Duration timeout = Duration.ofMillis(definition.options().batchTimeoutMillis());
        Set<Object> tried = new HashSet<>();
        for (int round = 0; round < limit && deadLetters.size() > 0; round++) {
            int[] delivered = {0};
            boolean[] claimed = {false};
            boolean cleared = deadLetters.processOne(tried, letter -> {
                claimed[0] = true;
                tried.add(TaskDeadLetters.sequenceOf(letter.message()));
                try {
                    pipeline.apply(letter.message().getPayload())
                            .ifPresent(change -> sink.deliver(List.of(change), timeout));
                    delivered[0]++;
                    return Decisions.evict();
                } catch (ChangesRejected rejected) {
                    return Decisions.requeue(new DocumentRejected(String.join("; ", rejected.reasons().values())));
                } catch (RuntimeException failure) {
                    return Decisions.requeue(failure);
                }
            });
            if (!claimed[0]) {
                break;
            }
            counts[0]++;
            counts[1] += delivered[0];
            counts[2] += cleared ? 0 : 1;
        }
        log.info("Sync task {}: reprocessed the dead letters of {} Thing(s), {} event(s) delivered, {} Thing(s) still "
                 + "parked", taskId, counts[0], counts[1], counts[2]);
        return counts;
    }

    private static final class Batch {
        private final Set<String> parked;
        private int events;
        private final List<DocumentChange> changes = new ArrayList<>();
        private final List<EventMessage<?>> sources = new ArrayList<>();
        private final List<Instant> appendedAt = new ArrayList<>();
        private final Map<String, Long> eventsByType = new LinkedHashMap<>();

        Batch(Set<String> parked) {
            this.parked = parked;
        }

        void add(EventMessage<?> event, DocumentChange change) {
            if (change == null) {
                return;
            }
            changes.add(change);
            sources.add(event);
            appendedAt.add(event.getTimestamp());
            eventsByType.merge(event.getPayloadType().getSimpleName(), 1L, Long::sum);
        }

        /**
         * Moves every change of the refused documents out of the batch into the dead-letter queue, in event order:
         * the first of each Thing with the sink's reason, the later ones waiting behind it. Answers how many.
         */
        int park(ChangesRejected rejected, TaskDeadLetters deadLetters) {
            Set<String> started = new HashSet<>();
            int parkedEvents = 0;
            for (int i = 0; i < changes.size(); i++) {
                String reason = rejected.reasonFor(changes.get(i).id());
                if (reason == null) {
                    continue;
                }
                EventMessage<?> event = sources.get(i);
                boolean first = started.add(changes.get(i).id());
                deadLetters.park(event, first ? new DocumentRejected(reason) : null);
                parkedEvents++;
                changes.remove(i);
                sources.remove(i);
                appendedAt.remove(i);
                eventsByType.computeIfPresent(event.getPayloadType().getSimpleName(),
                        (type, count) -> count > 1 ? count - 1 : null);
                i--;
            }
            return parkedEvents;
        }
    }

    /** The cause stored with a dead letter: what the sink said about the document. */
    static final class DocumentRejected extends RuntimeException {
        DocumentRejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
