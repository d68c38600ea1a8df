package dovetail.projections.synctask;

import dovetail.domain.store.StoredBatchPreparation;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * The event store's history as a history reader streams it: the same table, tokens and events as the store's own
 * reads, through Axon's JDBC storage engine instead of its JPA one. Catching up on a long history, the JPA read
 * spent most of its time mapping rows through Hibernate and parsing every event's time; this read takes a third of
 * the time (see docs/benchmarks.md), and keeps the reader's fetching thread from being a catch-up's slowest stage.
 *
 * <p>Positions are computed exactly as the store computes them ({@link StoreRows}), so a position stored by a reader
 * is one the pooled processor goes on from.
 *
 * <p>The store is read in batches of rows, each a query from the last position of the one before; the next batch's
 * query runs (on a thread of this reader's own) while the caller goes through the current batch, so that the
 * database's time and turning rows into events overlap instead of adding up. At most two batches are held at once.
 */
public final class StoreHistory implements AutoCloseable {

    private final StoreRows rows;
    private final Serializer eventSerializer;
    private final EventUpcaster upcasters;
    private final ExecutorService queries;
    private final List<StoredBatchPreparation> preparations;

    StoreHistory(DataSource dataSource, Serializer eventSerializer, EventUpcaster upcasters, int batchSize) {
        this(dataSource, eventSerializer, upcasters, batchSize, List.of());
    }

    /** @param preparations told of each batch of rows before its events are read ({@link StoredBatchPreparation}) */
    StoreHistory(DataSource dataSource, Serializer eventSerializer, EventUpcaster upcasters, int batchSize,
                 List<StoredBatchPreparation> preparations) {
        this.preparations = List.copyOf(preparations);
        this.rows = StoreRows.of(dataSource, eventSerializer, upcasters, batchSize);
        this.eventSerializer = eventSerializer;
        this.upcasters = upcasters;
        AtomicInteger threads = new AtomicInteger();
        this.queries = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "store-history-query-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The events after {@code from} (from the first when null) up to the store's head as it is read. Closing the
     * stream drops a batch read ahead.
     */
    public Stream<? extends TrackedEventMessage<?>> readFrom(TrackingToken from) {
        return readBatches(from).flatMap(List::stream);
    }

    /**
     * As {@link #readFrom}, a batch of the store's rows at a time, each already turned into events (through the
     * upcaster chain) on the thread that queried it: a reader then takes whole lists rather than pulling each event
     * through the chain's stream, which cost as much as the query itself. A batch may be empty where the chain
     * dropped every event of its rows.
     */
    public Stream<List<TrackedEventMessage<?>>> readBatches(TrackingToken from) {
        ReadAhead batches = new ReadAhead(from);
        return StreamSupport.stream(batches, false).onClose(batches::drop);
    }

    /** Stops the threads that run queries ahead (a stream still open then fails at its next batch). */
    @Override
    public void close() {
        queries.shutdownNow();
    }

    /** A batch of rows as events, and the position of its last row (where the next query starts). */
    private record Batch(List<TrackedEventMessage<?>> events, TrackingToken lastRow) {
    }

    /** The store's rows in batches, the next batch's query started as soon as the current batch is in. */
    private final class ReadAhead extends Spliterators.AbstractSpliterator<List<TrackedEventMessage<?>>> {

        private CompletableFuture<Batch> next;

        ReadAhead(TrackingToken from) {
            super(Long.MAX_VALUE, NONNULL | ORDERED);
            this.next = query(from);
        }

        @Override
        public boolean tryAdvance(Consumer<? super List<TrackedEventMessage<?>>> action) {
            if (next == null) {
                return false;
            }
            Batch batch = await(next);
            if (batch.lastRow() == null) {
                next = null; // an empty batch: the head as it stood, as the store's own reads end
                return false;
            }
            next = query(batch.lastRow());
            action.accept(batch.events());
            return true;
        }

        private CompletableFuture<Batch> query(TrackingToken after) {
            return CompletableFuture.supplyAsync(() -> {
                StoreQueryEvent query = StoreQueryEvent.starting();
                List<? extends TrackedEventData<?>> rows = StoreHistory.this.rows.batchAfter(after);
                prepare(rows);
                List<TrackedEventMessage<?>> events = new ArrayList<>(rows.size());
                EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), eventSerializer, upcasters)
                        .forEach(events::add);
                query.finish(rows.size());
                return new Batch(events, rows.isEmpty() ? null : rows.get(rows.size() - 1).trackingToken());
            }, queries);
        }

        private void prepare(List<? extends TrackedEventData<?>> rows) {
            if (preparations.isEmpty() || rows.isEmpty()) {
                return;
            }
            List<DomainEventData<?>> domainRows = new ArrayList<>(rows.size());
            for (TrackedEventData<?> row : rows) {
                if (row instanceof DomainEventData<?> domain) {
                    domainRows.add(domain);
                }
            }
            preparations.forEach(preparation -> preparation.prepare(domainRows));
        }

        private static Batch await(CompletableFuture<Batch> batch) {
            try {
                return batch.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        /** The batch read ahead is not needed any more: its query ends on its own, its rows are dropped. */
        void drop() {
            CompletableFuture<?> pending = next;
            next = null;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    /**
     * The payload of one row of the store's table, read as every other reader reads it: through the upcaster chain,
     * at its type's current revision; null when the chain drops the event.
     */
    Object payloadOf(DomainEventData<?> row) {
        return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), eventSerializer, upcasters).asStream()
                .findFirst().map(EventMessage::getPayload).orElse(null);
    }

    /**
     * An event's payload as the store holds it (JSON bytes, after upcasting): for an event read from the store with
     * this serializer, the bytes read, without reading them into the event's object; for any other, its payload
     * serialized so.
     */
    public byte[] payloadAsStored(EventMessage<?> event) {
        return event.serializePayload(eventSerializer, byte[].class).getData();
    }
}
