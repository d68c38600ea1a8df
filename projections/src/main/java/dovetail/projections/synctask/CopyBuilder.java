package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the copy of a full sync: one reader that streams the event store from the first event, straight into
 * batches for the copy's sink, with its position in the token store (one segment, claimed by one instance at a
 * time, so a restarted or another instance goes on from it). A full sync reads the whole history once, in order:
 * a pooled processor's per-segment buffering and hand-offs, which suit a live task, only slow that down. Delivery
 * is the task's own ({@link TaskDelivery}): same filter, transform, dead letters, and the position moves in the
 * transaction after the sink accepted the batch; a failure is retried with back-off (1 s doubling to 60 s).
 */
final class CopyBuilder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CopyBuilder.class);
    private static final Duration CLAIM_EXTENSION = Duration.ofSeconds(2);

    private final String taskId;
    private final String name;
    private final SyncTaskDefinition definition;
    private final TaskDelivery delivery;
    private final TaskMonitor monitor;
    private final LiveEventSource.Scoped events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final Runnable idle;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    CopyBuilder(String taskId, String name, SyncTaskDefinition definition, TaskDelivery delivery, TaskMonitor monitor,
                LiveEventSource.Scoped events, TokenStore tokens, TransactionManager transactions, Runnable idle) {
        this.taskId = taskId;
        this.name = name;
        this.definition = definition;
        this.delivery = delivery;
        this.monitor = monitor;
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.idle = idle;
        this.thread = new Thread(this::run, "task-" + taskId + "-copy");
        this.thread.setDaemon(true);
    }

    void start() {
        delivery.sink().prepare();
        thread.start();
        log.info("Sync task {} builds its full-sync copy as {} ({}, batches of {})", taskId, name,
                delivery.sink().describe(), definition.options().batchSize());
    }

    private void run() {
        long backOffMillis = 1_000;
        while (running.get()) {
            try {
                TrackingToken from = claim();
                if (from == NOT_CLAIMED) {
                    pause(CLAIM_EXTENSION.toMillis()); // another instance builds the copy
                    continue;
                }
                copyFrom(from);
                backOffMillis = 1_000;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                monitor.failed(e);
                log.warn("Sync task {}: building the full-sync copy failed ({}); retrying in {} s", taskId,
                        monitor.lastError(), backOffMillis / 1000);
                if (!pauseQuietly(backOffMillis)) {
                    return;
                }
                backOffMillis = Math.min(backOffMillis * 2, 60_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static final TrackingToken NOT_CLAIMED = new org.axonframework.eventhandling.GlobalSequenceTrackingToken(-1);

    /** The copy's position, claimed for this instance; {@link #NOT_CLAIMED} while another instance holds it. */
    private TrackingToken claim() {
        return transactions.fetchInTransaction(() -> {
            if (tokens.fetchSegments(name).length == 0) {
                tokens.initializeTokenSegments(name, 1, null);
            }
            try {
                return tokens.fetchToken(name, 0);
            } catch (UnableToClaimTokenException heldElsewhere) {
                return NOT_CLAIMED;
            }
        });
    }

    /** A batch read and ready to deliver, with the position it brings the copy to. */
    private record Pending(TaskDelivery.Batch batch, TrackingToken position, RuntimeException failure) {
    }

    /**
     * Reads on one thread while delivering on this one: the event store is read (and events turned into documents)
     * while the sink takes the previous batch. At most two batches wait, so memory stays bounded.
     */
    private void copyFrom(TrackingToken from) throws InterruptedException {
        int batchSize = definition.options().batchSize();
        BlockingQueue<Pending> ready = new ArrayBlockingQueue<>(2);
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> read(from, batchSize, ready, reading), "task-" + taskId + "-copy-reader");
        reader.setDaemon(true);
        reader.start();
        long lastClaimExtension = System.nanoTime();
        try {
            while (running.get()) {
                Pending next = ready.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (System.nanoTime() - lastClaimExtension > CLAIM_EXTENSION.toNanos()) {
                        transactions.executeInTransaction(() -> tokens.extendClaim(name, 0));
                        lastClaimExtension = System.nanoTime();
                    }
                    idle.run();
                    continue;
                }
                if (next.failure() != null) {
                    throw next.failure();
                }
                transactions.executeInTransaction(() -> {
                    delivery.deliver(next.batch());
                    tokens.storeToken(next.position(), name, 0);
                });
                lastClaimExtension = System.nanoTime();
                if (next.batch().events < batchSize && ready.isEmpty()) {
                    idle.run();
                }
            }
        } finally {
            reading.set(false);
            ready.clear();
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void read(TrackingToken from, int batchSize, BlockingQueue<Pending> ready, AtomicBoolean reading) {
        try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(from)) {
            while (reading.get()) {
                if (!stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                TaskDelivery.Batch batch = delivery.newBatch();
                TrackingToken last;
                do {
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    delivery.offer(batch, event);
                    last = event.trackingToken();
                } while (batch.events < batchSize && stream.hasNextAvailable());
                Pending pending = new Pending(batch, last, null);
                while (reading.get() && !ready.offer(pending, 200, TimeUnit.MILLISECONDS)) {
                    // the sink is behind: wait for room
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ready.offer(new Pending(null, null, e));
        }
    }

    private boolean pauseQuietly(long millis) {
        try {
            pause(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits between retries; {@link #close()} ends the wait. */
    private void pause(long millis) throws InterruptedException {
        closed.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running.set(false);
        closed.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            transactions.executeInTransaction(() -> tokens.releaseClaim(name, 0));
        } catch (RuntimeException e) {
            log.debug("Could not release the claim of {}: {}", name, e.toString());
        }
        delivery.sink().close();
    }
}
