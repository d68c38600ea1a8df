package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.MergesDeliveries;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a long stretch of the event store in order, straight into batches for a task's sink: one reader that
 * streams from the processor's position while the previous batch is delivered. A pooled processor's per-segment
 * buffering (at most 1,024 events, then a 100 ms wait) and hand-offs suit a live task near the head; a long
 * history is read several times faster this way. Two uses:
 * <ul>
 *   <li><b>full-sync copy</b> ({@link #following}): builds the copy from the first event and keeps following the
 *   head until the copy is handed over;</li>
 *   <li><b>catch-up</b> ({@link #catchingUp}): a live task far behind (just created, or resumed after a long
 *   pause) reads up to the head this way, then hands its position to its pooled processor.</li>
 * </ul>
 * The position is claimed in the token store as the pooled processor claims it ({@link SegmentClaims}). Each read
 * fetches and converts on threads of its own ({@link BatchReader}) while this one delivers, merging the batches that
 * waited ({@link MergedDeliveries}). Delivery is the task's own ({@link TaskDelivery}): same filter, transform, dead
 * letters, and the position moves in the transaction after the sink accepted the batch; a failure is retried with
 * back-off (1 s doubling to 60 s).
 */
final class HistoryReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryReader.class);

    private final String taskId;
    private final String name;
    private final long minimumLag;
    /** How many batches the reader may have ready ahead of a sink that does not merge deliveries. */
    private static final int BATCHES_AHEAD = 4;

    private final int mergeLimit;
    private final int batchSize;
    private final TaskDelivery delivery;
    private final TaskMonitor monitor;
    private final LiveEventSource.Scoped events;
    private final SegmentClaims claims;
    private final MergedDeliveries deliveries;
    private final Runnable caughtUp;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Open once the sink is prepared: reading may start before, delivering (or handing off) only after. */
    private final CountDownLatch sinkReady = new CountDownLatch(1);
    private final Thread thread;
    private volatile BatchReader reading;

    private HistoryReader(String taskId, String name, int segments, long minimumLag, int mergeLimit,
                          SyncTaskDefinition definition,
                          TaskDelivery delivery, TaskMonitor monitor, LiveEventSource.Scoped events, TokenStore tokens,
                          TransactionManager transactions, Runnable idle, Runnable caughtUp) {
        this.taskId = taskId;
        this.name = name;
        this.minimumLag = minimumLag;
        this.mergeLimit = mergeLimit;
        this.batchSize = definition.options().batchSize();
        this.delivery = delivery;
        this.monitor = monitor;
        this.events = events;
        this.caughtUp = caughtUp;
        this.claims = new SegmentClaims(name, segments, tokens, transactions);
        this.deliveries = new MergedDeliveries(taskId, name, mergeLimit, following(), delivery, claims, transactions,
                idle, running);
        this.thread = new Thread(this::run, "task-" + taskId + (caughtUp == null ? "-copy" : "-catch-up"));
        this.thread.setDaemon(true);
    }

    /**
     * Builds a full sync's copy under {@code name} (one segment) and follows the head until closed; {@code idle}
     * runs whenever it has nothing left to read, so the caller can check whether the copy has caught up.
     */
    static HistoryReader following(String taskId, String name, int mergeLimit, SyncTaskDefinition definition,
                                   TaskDelivery delivery, TaskMonitor monitor, LiveEventSource.Scoped events,
                                   TokenStore tokens, TransactionManager transactions, Runnable idle) {
        return new HistoryReader(taskId, name, 1, 0, mergeLimit, definition, delivery, monitor, events, tokens,
                transactions, idle, null);
    }

    /**
     * Brings the live processor {@code name} (with {@code segments} segments when it has none yet) up to the head
     * when it is more than {@code minimumLag} events behind, then runs {@code caughtUp} once and ends. It leaves the
     * work to the pooled processor at once (runs {@code caughtUp} without reading) when it is close to the head,
     * when another instance holds one of its segments, or when its segments stand at different positions (each
     * then needs its own way forward).
     */
    static HistoryReader catchingUp(String taskId, String name, int segments, long minimumLag, int mergeLimit,
                                    SyncTaskDefinition definition, TaskDelivery delivery, TaskMonitor monitor,
                                    LiveEventSource.Scoped events, TokenStore tokens, TransactionManager transactions,
                                    Runnable caughtUp) {
        return new HistoryReader(taskId, name, segments, minimumLag, mergeLimit, definition, delivery, monitor, events,
                tokens, transactions, () -> { }, caughtUp);
    }

    private boolean following() {
        return caughtUp == null;
    }

    /**
     * Starts reading while the caller prepares the sink (creates its topics or index, which takes a moment): the
     * first batches are read and converted meanwhile, and wait for {@link #start()} to be delivered.
     */
    synchronized void readAhead() {
        if (thread.getState() == Thread.State.NEW) {
            thread.start();
            if (following()) {
                log.info("Sync task {} builds its full-sync copy as {} ({}, batches of {})", taskId, name,
                        delivery.sink().describe(), batchSize);
            }
        }
    }

    /** The sink is prepared: delivers from now on (and starts reading, if {@link #readAhead()} did not). */
    void start() {
        readAhead();
        sinkReady.countDown();
    }

    /**
     * Waits until the sink is prepared, keeping the claims meanwhile; false when closed first.
     */
    private boolean awaitSinkReady() throws InterruptedException {
        long lastClaimExtension = System.nanoTime();
        while (running.get()) {
            if (sinkReady.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            lastClaimExtension = claims.extendIfDue(lastClaimExtension);
        }
        return false;
    }

    private void run() {
        long backOffMillis = 1_000;
        while (running.get()) {
            try {
                TrackingToken from = claims.claim();
                if (from == SegmentClaims.NOT_CLAIMED) {
                    if (!following()) {
                        handOff();
                        return;
                    }
                    pause(SegmentClaims.EXTENSION.toMillis()); // another instance builds the copy
                    continue;
                }
                long lag = lag(from);
                if (!following() && lag <= minimumLag) {
                    handOff();
                    return;
                }
                long startedAt = System.nanoTime();
                if (!following()) {
                    log.info("Sync task {} is {} events behind: reading them with one streaming reader ({}, up to {} "
                             + "events per delivery) before its pooled processor takes over", taskId, lag,
                            delivery.sink().describe(), mergeLimit);
                }
                if (copyFrom(from, lag)) {
                    log.info("Sync task {} caught up in {} ms; its pooled processor takes over", taskId,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
                    handOff();
                    return;
                }
                backOffMillis = 1_000;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                monitor.failed(e);
                log.warn("Sync task {}: reading the history for {} failed ({}); retrying in {} s", taskId, name,
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

    /**
     * Reads on other threads while delivering on this one: the event store is read (and events turned into the
     * sink's batches) while the sink takes the previous batches. For a sink that merges deliveries, up to
     * {@code mergeLimit} events (at least two batches) wait, to be delivered together; for any other, at most
     * {@link #BATCHES_AHEAD} batches: it gains nothing from a longer queue, whose held batches cost memory and
     * garbage collection, and whose last delivery would start only once the reader has finished. Answers true when
     * catching up has reached the head.
     */
    private boolean copyFrom(TrackingToken from, long lag) throws InterruptedException {
        BatchReader started = BatchReader.start(thread.getName(), name, from, events, delivery, batchSize,
                delivery.sink() instanceof MergesDeliveries ? Math.max(2, mergeLimit / batchSize) : BATCHES_AHEAD,
                following());
        reading = started;
        try {
            return deliveries.deliver(started, lag, this::awaitSinkReady);
        } finally {
            started.stop();
        }
    }

    /**
     * Gives the task to its pooled processor (once the sink is prepared, as it delivers at once): claims released
     * first, so it can take them.
     */
    private void handOff() throws InterruptedException {
        boolean ready = awaitSinkReady();
        claims.release();
        if (ready && running.get()) {
            caughtUp.run();
        }
    }

    private long lag(TrackingToken from) {
        TrackingToken head = events.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        long position = from == null ? -1 : from.position().orElse(-1);
        return headPosition - position;
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

    /** Stops reading; the claims are released so another instance (or the pooled processor) can go on. */
    @Override
    public void close() {
        running.set(false);
        closed.countDown();
        BatchReader current = reading;
        if (current != null) {
            // wakes the delivering thread if it waits for batches: a hand-over waits for it
            current.ready().offer(ReadyBatch.STOP);
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        claims.release();
    }
}
