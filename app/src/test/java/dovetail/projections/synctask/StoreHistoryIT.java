package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.DovetailApplication;
import dovetail.app.support.DovetailTest;
import dovetail.domain.thing.CreateThing;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The history readers' way through the store ({@link StoreHistory}) gives the events the store's own engine gives,
 * with the same positions: gaps in the global sequence kept behind recent events and dropped behind old ones, stored
 * times in Axon's form and in another one.
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
        List<TrackedEventMessage<?>> read = fromHistory(null);
        assertSame(read, expected);
        assertThat(expected).hasSizeGreaterThanOrEqualTo(40);
        assertThat(expected.stream().map(TrackedEventMessage::trackingToken)
                .anyMatch(token -> !((GapAwareTrackingToken) token).getGaps().isEmpty()))
                .as("some positions keep gaps").isTrue();

        // from a position with gaps behind it, as a reader resumes
        TrackingToken middle = expected.get(expected.size() - 8).trackingToken();
        assertThat(((GapAwareTrackingToken) middle).getGaps()).isNotEmpty();
        assertSame(fromHistory(middle), fromEventStore(middle));
    }

    private List<TrackedEventMessage<?>> fromHistory(TrackingToken from) {
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        history.readFrom(from).forEach(read::add);
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
