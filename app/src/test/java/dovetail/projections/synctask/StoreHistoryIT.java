package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.DovetailApplication;
import dovetail.app.support.DovetailTest;
import dovetail.domain.thing.CreateThing;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import jdk.jfr.consumer.RecordedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The history readers' way through the store ({@link StoreHistory}) gives the events the store's own engine gives,
 * with the same positions: gaps in the global sequence kept behind recent events and dropped behind old ones, stored
 * times in Axon's form and in another one; in batches of any size, each batch's query run ahead while the one before
 * is read, and a batch's failure met where that batch would begin.
 */
@DovetailTest
@ContextConfiguration(classes = DovetailApplication.class) // outside the application's package
class StoreHistoryIT {

    @Autowired
    StoreHistory history;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    DataSource dataSource;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    org.axonframework.config.Configuration axon;

    @Test
    void readsTheEventsAndPositionsTheEventStoreReads() {
        for (int i = 0; i < 30; i++) {
            commands.sendAndWait(new CreateThing("history " + i, (double) i));
            if (i % 7 == 3) {
                // a sequence value taken and never written, as by a rolled-back append: a gap
                jdbc.queryForObject("select nextval('domain_event_entry_seq')", Long.class);
            }
        }
        long first = jdbc.queryForObject("select min(global_index) from domain_event_entry", Long.class);
        // the oldest events older than the gap timeout (no gaps kept behind them), one in a form with no fraction
        jdbc.update("update domain_event_entry set time_stamp = '2020-01-01T00:00:00.000Z' where global_index < ?",
                first + 12);
        jdbc.update("update domain_event_entry set time_stamp = '2020-01-01T00:00:01Z' where global_index = ?",
                first + 12);
        for (int i = 0; i < 10; i++) {
            commands.sendAndWait(new CreateThing("recent " + i, (double) i));
            jdbc.queryForObject("select nextval('domain_event_entry_seq')", Long.class);
        }

        List<TrackedEventMessage<?>> expected = fromEventStore(null);
        assertThat(expected).hasSizeGreaterThanOrEqualTo(40);
        assertThat(expected.stream().map(TrackedEventMessage::trackingToken)
                .anyMatch(token -> !((GapAwareTrackingToken) token).getGaps().isEmpty()))
                .as("some positions keep gaps").isTrue();
        // from a position with gaps behind it, as a reader resumes
        TrackingToken middle = expected.get(expected.size() - 8).trackingToken();
        assertThat(((GapAwareTrackingToken) middle).getGaps()).isNotEmpty();

        // the application's reader (one batch here), then batches of 7 and of 1, every next one queried ahead
        assertSame(fromHistory(history, null), expected);
        assertSame(fromHistory(history, middle), fromEventStore(middle));
        for (int batchSize : new int[] {7, 1}) {
            try (StoreHistory batched = new StoreHistory(dataSource, eventSerializer, axon.upcasterChain(),
                    batchSize)) {
                assertSame(fromHistory(batched, null), expected);
                assertSame(fromHistory(batched, middle), fromEventStore(middle));
            }
        }
    }

    @Test
    void aBatchThatCannotBeReadFailsWhereItWouldBegin() throws Exception {
        for (int i = 0; i < 20; i++) {
            commands.sendAndWait(new CreateThing("failing read " + i, (double) i));
        }
        List<TrackedEventMessage<?>> expected = fromEventStore(null);
        // from its fourth connection on, the database is gone: queries run one after the other, so the same query
        // meets it in every run, whichever moment it runs at
        AtomicInteger connections = new AtomicInteger();
        DataSource failing = new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                if (connections.incrementAndGet() >= 4) {
                    throw new SQLException("the database went away");
                }
                return super.getConnection();
            }
        };
        List<String> read = new ArrayList<>();
        List<RecordedEvent> queries;
        try (RecordedEvents recorded = RecordedEvents.of(StoreQueryEvent.NAME)) {
            try (StoreHistory batched = new StoreHistory(failing, eventSerializer, axon.upcasterChain(), 5);
                 Stream<? extends TrackedEventMessage<?>> events = batched.readFrom(null)) {
                Iterator<? extends TrackedEventMessage<?>> reading = events.iterator();
                assertThatThrownBy(() -> {
                    while (reading.hasNext()) {
                        read.add(reading.next().getIdentifier());
                    }
                }).isInstanceOf(AxonException.class).hasStackTraceContaining("the database went away");
            }
            queries = recorded.stop();
        }
        // the batches before the failing one, in order, and nothing after it
        assertThat(read).isNotEmpty().hasSizeLessThan(expected.size());
        assertThat(read).isEqualTo(expected.subList(0, read.size()).stream().map(TrackedEventMessage::getIdentifier)
                .toList());
        // each query run ahead is recorded with its rows and CPU (as the benchmarks read them)
        assertThat(queries.stream().mapToLong(query -> query.getInt("rows")).sum())
                .as("the rows of the queries").isGreaterThanOrEqualTo(read.size());
        assertThat(queries.stream().mapToLong(query -> query.getLong("cpu")).sum())
                .as("the queries' CPU is counted").isPositive();
    }

    @Test
    void eachBatchOfRowsIsPreparedBeforeItsEventsAreRead() {
        for (int i = 0; i < 5; i++) {
            commands.sendAndWait(new CreateThing("prepared " + i, (double) i));
        }
        List<TrackedEventMessage<?>> expected = fromEventStore(null);
        List<List<String>> prepared = new ArrayList<>();
        try (StoreHistory batched = new StoreHistory(dataSource, eventSerializer, axon.upcasterChain(), 4,
                List.of(rows -> prepared.add(rows.stream().map(DomainEventData::getEventIdentifier).toList())))) {
            assertSame(fromHistory(batched, null), expected);
        }
        // every event's row, in batches of at most 4, each once and in order (the read at the head prepares nothing)
        assertThat(prepared).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 4));
        assertThat(prepared.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(expected.stream().map(TrackedEventMessage::getIdentifier).toList());
    }

    private static List<TrackedEventMessage<?>> fromHistory(StoreHistory history, TrackingToken from) {
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        try (Stream<? extends TrackedEventMessage<?>> events = history.readFrom(from)) {
            events.forEach(read::add);
        }
        return read;
    }

    /** What the event store's own storage engine (JPA) reads from {@code from}, past any cache in front of it. */
    private List<TrackedEventMessage<?>> fromEventStore(TrackingToken from) {
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        storage.readEvents(from, false).forEach(read::add);
        return read;
    }

    private static String position(TrackedEventMessage<?> event) {
        GapAwareTrackingToken token = (GapAwareTrackingToken) event.trackingToken();
        return token.getIndex() + " " + token.getGaps();
    }

    private static void assertSame(List<TrackedEventMessage<?>> read, List<TrackedEventMessage<?>> expected) {
        assertThat(read).extracting(TrackedEventMessage::getIdentifier)
                .containsExactlyElementsOf(expected.stream().map(TrackedEventMessage::getIdentifier).toList());
        // index and gaps as stored (a token's equals disregards gaps it has truncated)
        assertThat(read.stream().map(StoreHistoryIT::position).toList())
                .isEqualTo(expected.stream().map(StoreHistoryIT::position).toList());
        assertThat(read.stream().map(event -> (Object) event.getPayload()).toList())
                .isEqualTo(expected.stream().map(event -> (Object) event.getPayload()).toList());
        assertThat(read).extracting(TrackedEventMessage::getTimestamp)
                .containsExactlyElementsOf(expected.stream().map(TrackedEventMessage::getTimestamp).toList());
    }
}
