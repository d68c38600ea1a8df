package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.MergesDeliveries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
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
 * The position lives in the token store under the processor's name, claimed segment by segment like the pooled
 * processor does (so no other instance delivers meanwhile, and a restarted or another instance goes on from it).
 * Delivery is the task's own ({@link TaskDelivery}): same filter, transform, dead letters, and the position moves in
 * the transaction after the sink accepted the batch; a failure is retried with back-off (1 s doubling to 60 s).
 * Batches read while the sink is busy are delivered together, up to {@code mergeLimit} events per delivery: sinks
 * pay per call (Meilisearch registers each addition as a task, and indexes small ones less efficiently), so a long
 * history goes out in fewer, larger calls.
 */
final class HistoryReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryReader.class);
    private static final Duration CLAIM_EXTENSION = Duration.ofSeconds(2);

    private final String taskId;
    private final String name;
    private final int segments;
    private final long minimumLag;
    private final int mergeLimit;
    private final SyncTaskDefinition definition;
    private final TaskDelivery delivery;
    private final TaskMonitor monitor;
    private final LiveEventSource.Scoped events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final Runnable idle;
    private final Runnable caughtUp;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Open once the sink is prepared: reading may start before, delivering (or handing off) only after. */
    private final CountDownLatch sinkReady = new CountDownLatch(1);
    private final Thread thread;
    /** The segments this reader has claimed: those it stores its position in, and releases when it ends. */
    private final Set<Integer> claimed = ConcurrentHashMap.newKeySet();
    private volatile Handoff<Pending> readyQueue;
    private volatile Handoff<Chunk> fetchedQueue;
    private long readStartedAt;
    private boolean reachedHead;

    private HistoryReader(String taskId, String name, int segments, long minimumLag, int mergeLimit,
                          SyncTaskDefinition definition,
                          TaskDelivery delivery, TaskMonitor monitor, LiveEventSource.Scoped events, TokenStore tokens,
                          TransactionManager transactions, Runnable idle, Runnable caughtUp) {
        this.taskId = taskId;
        this.name = name;
        this.segments = segments;
        this.minimumLag = minimumLag;
        this.mergeLimit = mergeLimit;
        this.definition = definition;
        this.delivery = delivery;
        this.monitor = monitor;
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.idle = idle;
        this.caughtUp = caughtUp;
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
                        delivery.sink().describe(), definition.options().batchSize());
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
            if (!claimed.isEmpty() && System.nanoTime() - lastClaimExtension > CLAIM_EXTENSION.toNanos()) {
                extendClaims();
                lastClaimExtension = System.nanoTime();
            }
        }
        return false;
    }

    private void run() {
        long backOffMillis = 1_000;
        while (running.get()) {
            try {
                TrackingToken from = claim();
                if (from == NOT_CLAIMED) {
                    if (!following()) {
                        handOff();
                        return;
                    }
                    pause(CLAIM_EXTENSION.toMillis()); // another instance builds the copy
                    continue;
                }
                long lag = lag(from);
                if (!following() && lag <= minimumLag) {
                    handOff();
                    return;
                }
                readStartedAt = System.nanoTime();
                if (!following()) {
                    log.info("Sync task {} is {} events behind: reading them with one streaming reader ({}, up to {} "
                             + "events per delivery) before its pooled processor takes over", taskId, lag,
                            delivery.sink().describe(), mergeLimit);
                }
                if (copyFrom(from, firstDelivery(lag, mergeLimit))) {
                    log.info("Sync task {} caught up in {} ms; its pooled processor takes over", taskId,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readStartedAt));
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
     * Gives the task to its pooled processor (once the sink is prepared, as it delivers at once): claims released
     * first, so it can take them.
     */
    private void handOff() throws InterruptedException {
        boolean ready = awaitSinkReady();
        releaseClaims();
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

    private static final TrackingToken NOT_CLAIMED = new GlobalSequenceTrackingToken(-1);

    /**
     * The position, with every segment claimed for this instance; {@link #NOT_CLAIMED} while another instance
     * holds one, or (catching up) when the segments stand at different positions.
     */
    private TrackingToken claim() {
        return transactions.fetchInTransaction(() -> {
            int[] existing = tokens.fetchSegments(name);
            if (existing.length == 0) {
                tokens.initializeTokenSegments(name, segments, null);
                existing = tokens.fetchSegments(name);
            }
            TrackingToken position = null;
            boolean first = true;
            try {
                for (int segment : existing) {
                    TrackingToken token = tokens.fetchToken(name, segment);
                    claimed.add(segment);
                    if (!first && !java.util.Objects.equals(token, position)) {
                        return NOT_CLAIMED;
                    }
                    position = token;
                    first = false;
                }
            } catch (UnableToClaimTokenException heldElsewhere) {
                return NOT_CLAIMED;
            }
            return position;
        });
    }

    private void releaseClaims() {
        if (claimed.isEmpty()) {
            return;
        }
        try {
            transactions.executeInTransaction(() -> claimed.forEach(segment -> tokens.releaseClaim(name, segment)));
            claimed.clear();
        } catch (RuntimeException e) {
            log.debug("Could not release the claims of {}: {}", name, e.toString());
        }
    }

    private void store(TrackingToken position) {
        for (int segment : claimed) {
            tokens.storeToken(position, name, segment);
        }
    }

    private void extendClaims() {
        transactions.executeInTransaction(() -> claimed.forEach(segment -> tokens.extendClaim(name, segment)));
    }

    /** A batch read and ready to deliver, with the position it brings the processor to. */
    private record Pending(DeliveryBatch batch, TrackingToken position, boolean atHead, RuntimeException failure) {
    }

    /**
     * Reads on one thread while delivering on this one: the event store is read (and events turned into documents)
     * while the sink takes the previous batches. At most {@code mergeLimit} events (at least two batches) wait, so
     * memory stays bounded. Answers true when catching up has reached the head (a batch that emptied the stream was
     * delivered).
     */
    private boolean copyFrom(TrackingToken from, int firstDelivery) throws InterruptedException {
        ReadStageEvent stage = ReadStageEvent.starting(name, "delivering");
        HistoryReadEvent read = HistoryReadEvent.starting(taskId, name);
        int batchSize = definition.options().batchSize();
        Handoff<Pending> ready = new Handoff<>(Math.max(2, mergeLimit / batchSize), name, "converter", "delivery",
                "batches");
        readyQueue = ready;
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> read(from, batchSize, ready, reading), thread.getName() + "-reader");
        reader.setDaemon(true);
        reader.start();
        long lastClaimExtension = System.nanoTime();
        boolean holdFirst = delivery.sink() instanceof MergesDeliveries;
        try {
            if (!awaitSinkReady()) {
                return false;
            }
            while (running.get()) {
                if (holdFirst) {
                    awaitFirstDelivery(ready, reader, firstDelivery);
                    holdFirst = false;
                }
                Pending next = ready.poll();
                if (next == STOP) {
                    continue; // closing
                }
                if (next == null) {
                    if (!following() && !reader.isAlive() && ready.isEmpty()) {
                        read.finish();
                        return true; // the reader found nothing more to read
                    }
                    if (System.nanoTime() - lastClaimExtension > CLAIM_EXTENSION.toNanos()) {
                        extendClaims();
                        lastClaimExtension = System.nanoTime();
                    }
                    idle.run();
                    continue;
                }
                if (next.failure() != null) {
                    throw next.failure();
                }
                next = merged(next, ready);
                Pending delivering = next;
                transactions.executeInTransaction(() -> {
                    delivery.deliver(delivering.batch());
                    store(delivering.position());
                });
                lastClaimExtension = System.nanoTime();
                read.delivered(delivering.batch());
                if (next.atHead() && ready.isEmpty()) {
                    if (!following()) {
                        read.finish();
                        return true;
                    }
                    if (!reachedHead) {
                        reachedHead = true;
                        read.finish();
                        log.info("Sync task {}: its full-sync copy {} read up to the head in {} ms", taskId, name,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readStartedAt));
                    }
                    idle.run();
                }
            }
            return false;
        } finally {
            stage.finish();
            reading.set(false);
            ready.clear();
            Handoff<Chunk> fetched = fetchedQueue;
            if (fetched != null) {
                fetched.offer(STOP_CHUNK); // wakes the converter if it waits for events
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
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
     * events (or as many as the queue holds), or reach the head, or the reader stopped. Bounded by the reader's pace:
     * it fills the queue at its full speed meanwhile.
     */
    private void awaitFirstDelivery(Handoff<Pending> ready, Thread reader, int events)
            throws InterruptedException {
        long until = System.nanoTime() + CLAIM_EXTENSION.toNanos();
        while (running.get() && reader.isAlive() && !ready.isFull() && System.nanoTime() < until) {
            int held = 0;
            for (Pending pending : ready) {
                if (pending == STOP || pending.failure() != null || pending.atHead()) {
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
    private Pending merged(Pending first, Handoff<Pending> ready) {
        Pending last = first;
        for (Pending later = ready.peek(); later != null && later != STOP && later.failure() == null
                && first.batch().events + later.batch().events <= mergeLimit
                && first.batch().absorb(later.batch()); later = ready.peek()) {
            ready.pollNow();
            last = later;
        }
        return last == first ? first : new Pending(first.batch(), last.position(), last.atHead(), null);
    }

    /** Events fetched from the store in the order read; {@code atHead} when the store had nothing more then. */
    private record Chunk(List<TrackedEventMessage<?>> events, boolean atHead, RuntimeException failure) {
    }

    private static final int CHUNK = 256;
    /** Put in a queue to wake the thread waiting on it when reading stops. */
    private static final Chunk STOP_CHUNK = new Chunk(List.of(), false, null);
    private static final Pending STOP = new Pending(null, null, false, null);

    /**
     * Turns fetched events into batches (filter, transform, documents) on this thread while another fetches them
     * from the store: the two costs overlap instead of adding up.
     */
    private void read(TrackingToken from, int batchSize, Handoff<Pending> ready, AtomicBoolean reading) {
        ReadStageEvent stage = ReadStageEvent.starting(name, "converting");
        // room for two of the event store's reads (2,000 rows each by default), so the next read overlaps converting
        Handoff<Chunk> fetched = new Handoff<>(Math.max(16, 2 * batchSize / CHUNK), name, "fetcher", "converter",
                "events");
        fetchedQueue = fetched;
        Thread fetcher = new Thread(() -> fetch(from, fetched, reading), thread.getName() + "-fetcher");
        fetcher.setDaemon(true);
        fetcher.start();
        try {
            DeliveryBatch batch = null;
            TrackingToken last = null;
            while (reading.get()) {
                Chunk chunk = fetched.poll();
                if (chunk == STOP_CHUNK) {
                    continue; // stopping
                }
                if (chunk == null) {
                    if (!fetcher.isAlive() && fetched.isEmpty()) {
                        return; // caught up and nothing came since: the last batch delivered was at the head
                    }
                    continue;
                }
                if (chunk.failure() != null) {
                    throw chunk.failure();
                }
                for (TrackedEventMessage<?> event : chunk.events()) {
                    if (batch == null) {
                        batch = delivery.newBatch();
                    }
                    delivery.offer(batch, event);
                    last = event.trackingToken();
                    if (batch.events >= batchSize) {
                        ready.put(new Pending(batch, last, false, null), reading);
                        batch = null;
                    }
                }
                if (chunk.atHead() && batch != null) {
                    ready.put(new Pending(batch, last, true, null), reading);
                    batch = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ready.offer(new Pending(null, null, false, e));
        } finally {
            reading.set(false);
            fetched.clear();
            stage.finish();
        }
    }

    /**
     * Streams the store from {@code from} in chunks: the history as it stands straight from the store's table, then
     * (following) the head through the event store's own stream. Catching up, it ends at the head (a chunk marked
     * {@code atHead}, then nothing); following, it goes on waiting for new events.
     */
    private void fetch(TrackingToken from, Handoff<Chunk> fetched, AtomicBoolean reading) {
        ReadStageEvent stage = ReadStageEvent.starting(name, "fetching");
        try {
            TrackingToken last = from;
            try (Stream<? extends TrackedEventMessage<?>> history = events.readHistory(from)) {
                Iterator<? extends TrackedEventMessage<?>> stream = history.iterator();
                boolean more = stream.hasNext();
                while (reading.get() && more) {
                    List<TrackedEventMessage<?>> chunk = new ArrayList<>(CHUNK);
                    do {
                        chunk.add(stream.next());
                        more = stream.hasNext();
                    } while (chunk.size() < CHUNK && more);
                    last = chunk.get(chunk.size() - 1).trackingToken();
                    fetched.put(new Chunk(chunk, !more, null), reading);
                }
            }
            if (following()) {
                follow(last, fetched, reading);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                fetched.put(new Chunk(List.of(), false, e), reading);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            stage.finish();
        }
    }

    /** Following the head from {@code from}, in chunks, until reading stops. */
    private void follow(TrackingToken from, Handoff<Chunk> fetched, AtomicBoolean reading)
            throws InterruptedException {
        try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(from)) {
            while (reading.get()) {
                if (!stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                List<TrackedEventMessage<?>> chunk = new ArrayList<>(CHUNK);
                boolean more;
                do {
                    chunk.add(stream.nextAvailable());
                    more = stream.hasNextAvailable();
                } while (chunk.size() < CHUNK && more);
                fetched.put(new Chunk(chunk, !more, null), reading);
            }
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

    /** Stops reading; the claims are released so another instance (or the pooled processor) can go on. */
    @Override
    public void close() {
        running.set(false);
        closed.countDown();
        Handoff<Pending> ready = readyQueue;
        if (ready != null) {
            ready.offer(STOP); // wakes the delivering thread if it waits for batches: a hand-over waits for it
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        releaseClaims();
    }
}
