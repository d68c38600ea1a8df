package dovetail.projections.synctask;

import java.lang.ref.WeakReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;

/**
 * The event store's history as a history reader streams it: the same table, tokens and events as the store's own
 * reads, through Axon's JDBC storage engine instead of its JPA one. Catching up on a long history, the JPA read
 * spent most of its time mapping rows through Hibernate and parsing every event's time; this read takes a third of
 * the time (see docs/benchmarks.md), and keeps the reader's fetching thread from being a catch-up's slowest stage.
 *
 * <p>Tokens are computed exactly as the store computes them (a {@link GapAwareTrackingToken} that keeps the
 * sequence numbers skipped within {@code maxGapOffset} while the event is younger than {@code gapTimeout}), so a
 * position stored by a reader is one the pooled processor goes on from. Only how an event's age is told differs:
 * the store writes times as fixed-width ISO text (UTC, milliseconds), which orders as the times do, so the time is
 * compared as text with the threshold and parsed only when it is in another form.
 *
 * <p>The store is read in batches of rows, each a query from the last position of the one before; the next batch's
 * query runs (on a thread of this reader's own) while the caller goes through the current batch, so that the
 * database's time and turning rows into events overlap instead of adding up. At most two batches are held at once.
 */
public final class StoreHistory implements AutoCloseable {

    /** Axon's default gap settings, as the event store's engine uses them (EventStoreConfiguration): change both. */
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final long GAP_TIMEOUT_MILLIS = 60_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;

    private final Engine engine;
    private final Serializer eventSerializer;
    private final EventUpcaster upcasters;
    private final ExecutorService queries;

    StoreHistory(DataSource dataSource, Serializer eventSerializer, EventUpcaster upcasters, int batchSize) {
        this.eventSerializer = eventSerializer;
        this.upcasters = upcasters;
        AtomicInteger threads = new AtomicInteger();
        this.queries = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "store-history-query-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer)
                .upcasterChain(upcasters)
                .dataType(byte[].class)
                .batchSize(batchSize)
                .maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout((int) GAP_TIMEOUT_MILLIS)
                .lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry")
                        .snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .timestampColumn("time_stamp")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build());
        this.engine = new Engine(builder);
    }

    /** The events after {@code from} (from the first when null) up to the store's head as it is read. */
    public Stream<? extends TrackedEventMessage<?>> readFrom(TrackingToken from) {
        return readFrom(from, new LongAdder());
    }

    /**
     * As {@link #readFrom(TrackingToken)}, adding the CPU time its queries take on the threads that run them ahead to
     * {@code queryCpuNanos}. Closing the stream drops a batch read ahead.
     */
    public Stream<? extends TrackedEventMessage<?>> readFrom(TrackingToken from, LongAdder queryCpuNanos) {
        ReadAhead batches = new ReadAhead(from, queryCpuNanos);
        return EventUtils.upcastAndDeserializeTrackedEvents(
                StreamSupport.stream(batches, false).onClose(batches::drop), eventSerializer, upcasters);
    }

    /** Stops the threads that run queries ahead (a stream still open then fails at its next batch). */
    @Override
    public void close() {
        queries.shutdownNow();
    }

    /** The store's rows in batches, the next batch's query started as soon as the current batch is in. */
    private final class ReadAhead extends Spliterators.AbstractSpliterator<TrackedEventData<?>> {

        private final LongAdder queryCpuNanos;
        private CompletableFuture<List<? extends TrackedEventData<?>>> next;
        private Iterator<? extends TrackedEventData<?>> current = Collections.emptyIterator();

        ReadAhead(TrackingToken from, LongAdder queryCpuNanos) {
            super(Long.MAX_VALUE, NONNULL | ORDERED | DISTINCT);
            this.queryCpuNanos = queryCpuNanos;
            this.next = query(from);
        }

        @Override
        public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
            if (!current.hasNext()) {
                if (next == null) {
                    return false;
                }
                List<? extends TrackedEventData<?>> batch = await(next);
                if (batch.isEmpty()) {
                    next = null; // an empty batch: the head as it stood, as the store's own reads end
                    return false;
                }
                next = query(batch.get(batch.size() - 1).trackingToken());
                current = batch.iterator();
            }
            action.accept(current.next());
            return true;
        }

        private CompletableFuture<List<? extends TrackedEventData<?>>> query(TrackingToken after) {
            return CompletableFuture.supplyAsync(() -> {
                long cpuStart = HistoryReader.cpuNanos();
                try {
                    return engine.batchAfter(after);
                } finally {
                    queryCpuNanos.add(Math.max(0, HistoryReader.cpuNanos() - cpuStart));
                }
            }, queries);
        }

        private static List<? extends TrackedEventData<?>> await(
                CompletableFuture<List<? extends TrackedEventData<?>>> batch) {
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
     * An event's payload as the store holds it (JSON bytes, after upcasting): for an event read from the store with
     * this serializer, the bytes read, without reading them into the event's object; for any other, its payload
     * serialized so.
     */
    public byte[] payloadAsStored(EventMessage<?> event) {
        return event.serializePayload(eventSerializer, byte[].class).getData();
    }

    /** Whether an event written at {@code timestamp} (as stored) is younger than the threshold, written alike. */
    static boolean after(Object timestamp, String threshold, Instant thresholdInstant) {
        if (timestamp instanceof String text && sortable(text) && text.length() == threshold.length()) {
            return text.compareTo(threshold) > 0;
        }
        Instant instant = timestamp instanceof Instant given ? given : DateTimeUtils.parseInstant(timestamp.toString());
        return instant.isAfter(thresholdInstant);
    }

    /** Axon's stored form, {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
    private static boolean sortable(String text) {
        return text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
               && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z';
    }

    private static final class Engine extends JdbcEventStorageEngine {

        private final EventSchema schema;

        Engine(JdbcEventStorageEngine.Builder builder) {
            super(builder);
            this.schema = schema();
        }

        /** One batch of rows after {@code after} (from the first when null), as the store's own reads fetch them. */
        List<? extends TrackedEventData<?>> batchAfter(TrackingToken after) {
            return fetchTrackedEvents(after, batchSize());
        }

        /**
         * As the store's own read, with the event's age told from its stored time without parsing it, and the columns
         * found by position (looked up once per query rather than by name in every row).
         */
        @Override
        protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
                throws SQLException {
            Columns columns = columns(resultSet);
            long globalSequence = resultSet.getLong(columns.globalIndex());
            String aggregateIdentifier = resultSet.getString(columns.aggregateIdentifier());
            String eventIdentifier = resultSet.getString(columns.eventIdentifier());
            Object timestamp = resultSet.getString(columns.timestamp());
            GenericDomainEventEntry<?> domainEvent = new GenericDomainEventEntry<>(
                    resultSet.getString(columns.type()),
                    eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                    resultSet.getLong(columns.sequenceNumber()),
                    eventIdentifier,
                    timestamp,
                    resultSet.getString(columns.payloadType()),
                    resultSet.getString(columns.payloadRevision()),
                    resultSet.getBytes(columns.payload()),
                    resultSet.getBytes(columns.metaData()));
            Instant threshold = GenericEventMessage.clock.instant().minus(GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS);
            boolean allowGaps = after(timestamp, thresholdText(threshold), threshold);
            GapAwareTrackingToken token;
            if (previousToken == null) {
                token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                        ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                                .collect(Collectors.toCollection(TreeSet::new))
                        : Collections.emptySortedSet());
            } else {
                token = previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
            }
            return new TrackedDomainEventData<>(token, domainEvent);
        }

        /** The positions of the columns in the result set this thread read last (held weakly: it holds rows). */
        private final ThreadLocal<Columns> lastColumns = new ThreadLocal<>();

        private record Columns(WeakReference<ResultSet> resultSet, int globalIndex, int type,
                               int aggregateIdentifier, int sequenceNumber, int eventIdentifier, int timestamp,
                               int payloadType, int payloadRevision, int payload, int metaData) {
        }

        private Columns columns(ResultSet resultSet) throws SQLException {
            Columns columns = lastColumns.get();
            if (columns == null || columns.resultSet().get() != resultSet) {
                columns = new Columns(new WeakReference<>(resultSet),
                        resultSet.findColumn(schema.globalIndexColumn()), resultSet.findColumn(schema.typeColumn()),
                        resultSet.findColumn(schema.aggregateIdentifierColumn()),
                        resultSet.findColumn(schema.sequenceNumberColumn()),
                        resultSet.findColumn(schema.eventIdentifierColumn()),
                        resultSet.findColumn(schema.timestampColumn()),
                        resultSet.findColumn(schema.payloadTypeColumn()),
                        resultSet.findColumn(schema.payloadRevisionColumn()),
                        resultSet.findColumn(schema.payloadColumn()), resultSet.findColumn(schema.metaDataColumn()));
                lastColumns.set(columns);
            }
            return columns;
        }

        /** The threshold last written as text; threads reading at once may each write it again, which is harmless. */
        private volatile Threshold threshold = new Threshold(Instant.EPOCH, DateTimeUtils.formatInstant(Instant.EPOCH));

        private record Threshold(Instant millis, String text) {
        }

        /**
         * The threshold as stored times are written, formatted again only when it moved to another millisecond
         * (it is compared at millisecond precision, as the stored times are written).
         */
        private String thresholdText(Instant instant) {
            Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
            Threshold last = threshold;
            if (!millis.equals(last.millis())) {
                last = new Threshold(millis, DateTimeUtils.formatInstant(millis));
                threshold = last;
            }
            return last.text();
        }
    }
}
