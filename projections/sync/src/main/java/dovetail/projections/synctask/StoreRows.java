package dovetail.projections.synctask;

import dovetail.domain.store.PositionGaps;
import java.lang.ref.WeakReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;

/**
 * The event store's table read in batches of rows, each row with its position, through Axon's JDBC storage engine
 * (the store itself is written and read through its JPA one). Positions are computed exactly as the store computes
 * them ({@link PositionGaps}), so a position stored by a history reader is one the pooled processor goes on from.
 * Only how an event's age is told differs: the store writes times as fixed-width ISO text (UTC, milliseconds), which
 * orders as the times do, so the time is compared as text with the threshold and parsed only when it is in another
 * form.
 */
final class StoreRows extends JdbcEventStorageEngine {

    private final EventSchema schema;

    private StoreRows(JdbcEventStorageEngine.Builder builder) {
        super(builder);
        this.schema = schema();
    }

    /** The rows of the store's table in {@code dataSource}, {@code batchSize} a query. */
    static StoreRows of(DataSource dataSource, Serializer eventSerializer, EventUpcaster upcasters, int batchSize) {
        return new StoreRows(JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer)
                .upcasterChain(upcasters)
                .dataType(byte[].class)
                .batchSize(batchSize)
                .maxGapOffset(PositionGaps.MAX_GAP_OFFSET)
                .gapTimeout(PositionGaps.GAP_TIMEOUT_MILLIS)
                .lowestGlobalSequence(PositionGaps.LOWEST_GLOBAL_SEQUENCE)
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
                        .build()));
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
        Instant threshold = GenericEventMessage.clock.instant()
                .minus(PositionGaps.GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS);
        boolean allowGaps = after(timestamp, thresholdText(threshold), threshold);
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(PositionGaps.LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence)
                            .boxed().collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalSequence, allowGaps ? PositionGaps.MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, domainEvent);
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
