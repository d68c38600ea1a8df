package dovetail.projections.synctask;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The reading side of one history read, on two threads of its own: one fetches the store from a position in chunks
 * while the other turns the events into the task's batches (filter, transform, the sink's work ahead), so the two
 * costs overlap instead of adding up. Batches wait in {@link #ready()} for the delivering thread; it holds at most
 * as many as its capacity, so memory stays bounded.
 */
final class BatchReader {

    private static final int CHUNK = 256;
    /** Put in the fetched queue to wake the converting thread when reading stops. */
    private static final Chunk STOP_CHUNK = new Chunk(List.of(), false, null);

    private final String name;
    private final LiveEventSource.Scoped events;
    private final TaskDelivery delivery;
    private final int batchSize;
    private final boolean following;
    private final Handoff<ReadyBatch> ready;
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final Thread converter;
    private volatile Handoff<Chunk> fetchedQueue;

    private BatchReader(String threadName, String name, TrackingToken from, LiveEventSource.Scoped events,
                        TaskDelivery delivery, int batchSize, int capacity, boolean following) {
        this.name = name;
        this.events = events;
        this.delivery = delivery;
        this.batchSize = batchSize;
        this.following = following;
        this.ready = new Handoff<>(capacity, name, "converter", "delivery", "batches");
        this.converter = new Thread(() -> convert(from, threadName), threadName + "-reader");
        this.converter.setDaemon(true);
    }

    /**
     * Starts reading the processor {@code name}'s events after {@code from} into batches of {@code batchSize}
     * events, at most {@code capacity} of them ready at once. Catching up, it stops at the head; {@code following},
     * it goes on with the events that come after.
     */
    static BatchReader start(String threadName, String name, TrackingToken from, LiveEventSource.Scoped events,
                             TaskDelivery delivery, int batchSize, int capacity, boolean following) {
        BatchReader reader = new BatchReader(threadName, name, from, events, delivery, batchSize, capacity,
                following);
        reader.converter.start();
        return reader;
    }

    /** The batches ready, in the order read; a failure to read stands in a batch's place. */
    Handoff<ReadyBatch> ready() {
        return ready;
    }

    /** Whether it may still ready batches. */
    boolean isAlive() {
        return converter.isAlive();
    }

    /** Stops reading, drops the batches not delivered, and waits (up to 30 s) for the converting thread to end. */
    void stop() throws InterruptedException {
        reading.set(false);
        ready.clear();
        Handoff<Chunk> fetched = fetchedQueue;
        if (fetched != null) {
            fetched.offer(STOP_CHUNK); // wakes the converter if it waits for events
        }
        converter.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Events fetched from the store in the order read; {@code atHead} when the store had nothing more then. */
    private record Chunk(List<TrackedEventMessage<?>> events, boolean atHead, RuntimeException failure) {
    }

    /** Turns fetched events into batches on this thread while another fetches them from the store. */
    private void convert(TrackingToken from, String threadName) {
        ReadStageEvent stage = ReadStageEvent.starting(name, "converting");
        // room for two of the event store's reads (2,000 rows each by default), so the next read overlaps converting
        Handoff<Chunk> fetched = new Handoff<>(Math.max(16, 2 * batchSize / CHUNK), name, "fetcher", "converter",
                "events");
        fetchedQueue = fetched;
        Thread fetcher = new Thread(() -> fetch(from, fetched), threadName + "-reader-fetcher");
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
                        ready.put(new ReadyBatch(batch, last, false, null), reading);
                        batch = null;
                    }
                }
                if (chunk.atHead() && batch != null) {
                    ready.put(new ReadyBatch(batch, last, true, null), reading);
                    batch = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ready.offer(ReadyBatch.failed(e));
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
    private void fetch(TrackingToken from, Handoff<Chunk> fetched) {
        ReadStageEvent stage = ReadStageEvent.starting(name, "fetching");
        try {
            TrackingToken last = from;
            try (Stream<List<TrackedEventMessage<?>>> history = events.readHistory(from)) {
                Iterator<List<TrackedEventMessage<?>>> batches = history.iterator();
                boolean more = batches.hasNext();
                while (reading.get() && more) {
                    List<TrackedEventMessage<?>> batch = batches.next();
                    for (int start = 0; reading.get(); start += CHUNK) {
                        int end = Math.min(batch.size(), start + CHUNK);
                        boolean lastOfBatch = end == batch.size();
                        if (lastOfBatch) {
                            more = batches.hasNext(); // waits for the next batch's query, run ahead meanwhile
                        }
                        List<TrackedEventMessage<?>> chunk = batch.subList(start, end);
                        if (!chunk.isEmpty()) {
                            last = chunk.get(chunk.size() - 1).trackingToken();
                        }
                        if (!chunk.isEmpty() || !more) { // an empty last chunk still says the head is reached
                            fetched.put(new Chunk(chunk, lastOfBatch && !more, null), reading);
                        }
                        if (lastOfBatch) {
                            break;
                        }
                    }
                }
            }
            if (following) {
                follow(last, fetched);
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
    private void follow(TrackingToken from, Handoff<Chunk> fetched) throws InterruptedException {
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
}
