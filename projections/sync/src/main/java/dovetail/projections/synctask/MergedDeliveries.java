package dovetail.projections.synctask;

import dovetail.projections.sink.MergesDeliveries;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivering side of a history read, on the reader's own thread: each batch ready goes to the task's delivery
 * ({@link TaskDelivery}) in the transaction that stores the position it brings. Batches read while the sink is busy
 * are delivered together, up to {@code mergeLimit} events per delivery: sinks pay per call (Meilisearch registers
 * each addition as a task, and indexes small ones less efficiently), so a long history goes out in fewer, larger
 * calls.
 */
final class MergedDeliveries {

    private static final Logger log = LoggerFactory.getLogger(MergedDeliveries.class);

    private final String taskId;
    private final String name;
    private final int mergeLimit;
    private final boolean following;
    private final TaskDelivery delivery;
    private final SegmentClaims claims;
    private final TransactionManager transactions;
    private final Runnable idle;
    private final AtomicBoolean running;
    private boolean reachedHead;

    /**
     * @param following whether the read goes on after the head (a full sync's copy) rather than ending there
     * @param idle      runs whenever there is nothing to deliver
     * @param running   false once the reader closes
     */
    MergedDeliveries(String taskId, String name, int mergeLimit, boolean following, TaskDelivery delivery,
                     SegmentClaims claims, TransactionManager transactions, Runnable idle, AtomicBoolean running) {
        this.taskId = taskId;
        this.name = name;
        this.mergeLimit = mergeLimit;
        this.following = following;
        this.delivery = delivery;
        this.claims = claims;
        this.transactions = transactions;
        this.idle = idle;
        this.running = running;
    }

    /** Waits until the sink is prepared; false when the reader closes first. */
    interface SinkReady {
        boolean await() throws InterruptedException;
    }

    /**
     * Delivers what {@code reading} readies, once the sink is ready, until the reader closes or (catching up) a batch
     * that emptied the store was delivered: answers true then. {@code lag} is how far behind the head the read began.
     */
    boolean deliver(BatchReader reading, long lag, SinkReady sinkReady) throws InterruptedException {
        ReadStageEvent stage = ReadStageEvent.starting(name, "delivering");
        HistoryReadEvent read = HistoryReadEvent.starting(taskId, name);
        long startedAt = System.nanoTime();
        Handoff<ReadyBatch> ready = reading.ready();
        long lastClaimExtension = startedAt;
        boolean holdFirst = delivery.sink() instanceof MergesDeliveries;
        try {
            if (!sinkReady.await()) {
                return false;
            }
            while (running.get()) {
                if (holdFirst) {
                    awaitFirstDelivery(ready, reading, firstDelivery(lag, mergeLimit));
                    holdFirst = false;
                }
                ReadyBatch next = ready.poll();
                if (next == ReadyBatch.STOP) {
                    continue; // closing
                }
                if (next == null) {
                    if (!following && !reading.isAlive() && ready.isEmpty()) {
                        read.finish();
                        return true; // the reader found nothing more to read
                    }
                    lastClaimExtension = claims.extendIfDue(lastClaimExtension);
                    idle.run();
                    continue;
                }
                if (next.failure() != null) {
                    throw next.failure();
                }
                ReadyBatch delivering = merged(next, ready);
                HistoryDeliveryEvent delivered = HistoryDeliveryEvent.starting(name);
                transactions.executeInTransaction(() -> {
                    delivery.deliver(delivering.batch());
                    claims.store(delivering.position());
                });
                delivered.finish(delivering.batch().events);
                lastClaimExtension = System.nanoTime();
                read.delivered(delivering.batch());
                if (delivering.atHead() && ready.isEmpty()) {
                    if (!following) {
                        read.finish();
                        return true;
                    }
                    if (!reachedHead) {
                        reachedHead = true;
                        read.finish();
                        log.info("Sync task {}: its full-sync copy {} read up to the head in {} ms", taskId, name,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
                    }
                    idle.run();
                }
            }
            return false;
        } finally {
            stage.finish();
        }
    }

    /**
     * How many events the first delivery to a sink that processes queued deliveries together waits for: two fifths
     * of the history there is to read, within the delivery limit. Meilisearch indexes a first batch into an empty
     * index at about a third of the pace the reader reads meanwhile (~50 µs a document against ~16 µs an event,
     * see docs/benchmarks.md), so by the time that delivery is indexed the rest has been read and queued behind it,
     * and is indexed as one more batch. A smaller first delivery left a third batch, a larger one delays the start.
     * It is larger when the rest would not fit in one more delivery: a delivery counts only once Meilisearch has
     * applied it, so two deliveries are never queued together, and a rest split in two would be indexed as two
     * batches.
     */
    static int firstDelivery(long lag, int mergeLimit) {
        if (lag <= 0) {
            return mergeLimit;
        }
        return (int) Math.max(1, Math.min(mergeLimit, Math.max(lag * 2 / 5, lag - mergeLimit)));
    }

    /**
     * For a sink that processes queued deliveries together: waits until the batches ready hold {@code events}
     * events (or as many as the queue holds), or reach the head, or the reader stopped. Bounded by the reader's pace
     * (it fills the queue at its full speed meanwhile), and by the claims' extension, which waits meanwhile.
     */
    private void awaitFirstDelivery(Handoff<ReadyBatch> ready, BatchReader reading, int events)
            throws InterruptedException {
        long until = System.nanoTime() + SegmentClaims.EXTENSION.toNanos();
        while (running.get() && reading.isAlive() && !ready.isFull() && System.nanoTime() < until) {
            int held = 0;
            for (ReadyBatch pending : ready) {
                if (pending == ReadyBatch.STOP || pending.failure() != null || pending.atHead()) {
                    return;
                }
                held += pending.batch().events;
            }
            if (held >= events) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    /** The first batch with the ready ones after it that fit in one delivery. */
    private ReadyBatch merged(ReadyBatch first, Handoff<ReadyBatch> ready) {
        ReadyBatch last = first;
        for (ReadyBatch later = ready.peek(); later != null && later != ReadyBatch.STOP && later.failure() == null
                && first.batch().events + later.batch().events <= mergeLimit
                && first.batch().absorb(later.batch()); later = ready.peek()) {
            ready.pollNow();
            last = later;
        }
        return last == first ? first : new ReadyBatch(first.batch(), last.position(), last.atHead(), null);
    }
}
