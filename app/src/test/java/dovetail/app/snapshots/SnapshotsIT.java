package dovetail.app.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.SnapshotTable;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.PauseSyncTask;
import dovetail.domain.synctask.ResumeSyncTask;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.EraseThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.domain.thing.VersionConflict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Snapshots of Things and sync tasks: taken once an aggregate has had the threshold's events, read on the next load
 * instead of the events before them (shown by a state only the snapshot holds), and skipped in favour of the events
 * when they were written in another shape than the aggregate's current one or no longer bind. A Thing's snapshot
 * holds its name encrypted, as its events do, and an erasure leaves it unreadable.
 */
@DovetailTest
@TestPropertySource(properties = "dovetail.snapshots.threshold=" + SnapshotsIT.THRESHOLD)
class SnapshotsIT {

    static final int THRESHOLD = 10;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A creation time no Thing here has: seen after a load, it came from an edited snapshot. */
    private static final Instant ONLY_IN_THE_SNAPSHOT = Instant.parse("2000-01-01T00:00:00Z");

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aThingWithThresholdEventsIsSnapshottedAndThenLoadsFromTheSnapshotWithItsVersionChecks() throws Exception {
        ThingView thing = thingWithEvents("snapshotted", THRESHOLD);

        SnapshotTable.Row row = snapshotOf(thing.id());
        assertThat(row.type()).isEqualTo("Thing");
        assertThat(row.sequence()).isEqualTo(THRESHOLD - 1);
        assertThat(row.payloadType()).isEqualTo("dovetail.commands.thing.Thing");
        assertThat(row.revision()).isEqualTo("1");
        JsonNode state = JSON.readTree(row.payload());
        assertThat(state.get("id").asText()).isEqualTo(thing.id());
        assertThat(state.get("name").asText()).as("encrypted as the events are").startsWith("ek1:");
        assertThat(row.payload()).doesNotContain(thing.name());
        assertThat(state.get("version").asLong()).isEqualTo(thing.version());
        assertThat(Instant.parse(state.get("createdOn").asText())).isEqualTo(thing.createdOn());

        snapshots().edit(thing.id(), "createdOn", "\"" + ONLY_IN_THE_SNAPSHOT + "\"");
        long version = thing.version();
        assertThat(update(thing.id(), "stale", version - 1))
                .isEqualTo(new VersionConflict(thing.id(), version - 1, version));
        ThingView next = accepted(update(thing.id(), "from the snapshot", version));
        assertThat(next.createdOn()).isEqualTo(ONLY_IN_THE_SNAPSHOT);
        assertThat(next.version()).isEqualTo(version + 1);

        List<ThingOutcome> racing = Stream.of("first", "second")
                .map(name -> commands.<ThingOutcome>send(new UpdateThing(thing.id(), name, 3.0, version + 1)))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(racing).filteredOn(ThingAccepted.class::isInstance).hasSize(1);
        assertThat(racing).filteredOn(VersionConflict.class::isInstance)
                .containsExactly(new VersionConflict(thing.id(), version + 1, version + 2));
        assertThat(events().countFor(thing.id())).isEqualTo(THRESHOLD + 2);
    }

    /**
     * A snapshot holds the Thing's name encrypted with the Thing's key, so erasing the Thing leaves no name in clear in
     * the snapshot table either; the Thing is still loaded from that snapshot (its name now unreadable) and the events
     * after it, and is erased for good.
     */
    @Test
    void anErasedThingsSnapshotHoldsNoNameInClearAndTheThingStillLoadsFromIt() {
        ThingView thing = thingWithEvents("Ada Snapshot", THRESHOLD);
        assertThat(snapshotOf(thing.id()).payload()).doesNotContain("Ada Snapshot").contains("\"ek1:");

        ThingView erased = accepted(commands.sendAndWait(new EraseThing(thing.id())));
        assertThat(erased.name()).isNull();

        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?"
                + " and position(? in convert_from(payload, 'UTF8')) > 0", Long.class, thing.id(), "Ada Snapshot"))
                .isZero();
        assertThat(snapshots().latest(thing.id())).get().extracting(SnapshotTable.Row::sequence)
                .isEqualTo((long) THRESHOLD - 1);
        ThingOutcome again = commands.sendAndWait(new EraseThing(thing.id()));
        assertThat(again).isInstanceOf(ThingAccepted.class);
        assertThat(((ThingAccepted) again).changed()).as("erased already").isFalse();
        assertThat(((ThingAccepted) again).thing().version()).isEqualTo(erased.version());
        assertThat(update(thing.id(), "back again", erased.version())).isEqualTo(new ThingNotFound(thing.id()));
        assertThat(events().countFor(thing.id())).isEqualTo(THRESHOLD + 1);
        assertThat(snapshots().count(thing.id())).isEqualTo(1);
    }

    @Test
    void aThingErasedByTheEventThatReachesTheThresholdIsNotSnapshotted() {
        ThingView thing = thingWithEvents("erased at the threshold", THRESHOLD - 1);
        assertThat(accepted(commands.sendAndWait(new EraseThing(thing.id()))).version()).isEqualTo(THRESHOLD);

        // one snapshotter thread takes them in turn: once a later Thing's is stored, the erased Thing's turn is past
        snapshotOf(thingWithEvents("snapshotted after it", THRESHOLD).id());
        assertThat(snapshots().count(thing.id())).isZero();
    }

    /**
     * A snapshot another release wrote: one from before the aggregate had a revision (and a creation time), one from
     * a later release (a rolled-back deployment), one of a class that has since moved.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"dovetail.commands.thing.Thing, none",
            "dovetail.commands.thing.Thing, 2", "dovetail.commands.thing.ThingState, 1"})
    void aSnapshotInAnotherShapeIsSkippedAndTheThingLoadsFromItsEvents(String payloadType, String revision) {
        ThingView thing = thingWithEvents("reshaped", 3);
        snapshots().write(thing.id(), "Thing", 2, payloadType, revision, "{\"id\":\"" + thing.id()
                + "\",\"name\":\"older shape\",\"foo\":9.0,\"updatedOn\":\"" + ONLY_IN_THE_SNAPSHOT
                + "\",\"version\":3}");

        assertThat(update(thing.id(), "stale", 2)).isEqualTo(new VersionConflict(thing.id(), 2, 3));
        ThingView next = accepted(update(thing.id(), "from the events", 3));

        assertThat(next.createdOn()).isEqualTo(thing.createdOn());
        assertThat(next.version()).isEqualTo(4);
    }

    @Test
    void aSkippedSnapshotIsReplacedOnceTheThingPassesTheThresholdAgain() {
        ThingView thing = thingWithEvents("replaced", 3);
        snapshots().write(thing.id(), "Thing", 2, "dovetail.commands.thing.Thing", null, "{\"id\":\"" + thing.id()
                + "\",\"name\":\"older shape\",\"version\":3}");

        ThingView updated = updateUntil(thing, "replaced", THRESHOLD);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(snapshots().latest(thing.id()))
                .get().extracting(SnapshotTable.Row::sequence, SnapshotTable.Row::revision)
                .containsExactly((long) THRESHOLD - 1, "1"));
        assertThat(snapshots().count(thing.id())).isEqualTo(1);
        assertThat(updated.createdOn()).isEqualTo(thing.createdOn());
    }

    /** A snapshot at the current revision that does not bind: cut short, or a field no longer of its type. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"%s\",\"name\":", "{\"id\":\"%s\",\"createdOn\":\"yesterday\",\"version\":3}"})
    void aSnapshotThatCannotBeReadIsSkippedAndTheThingLoadsFromItsEvents(String payload) {
        ThingView thing = thingWithEvents("damaged", 3);
        snapshots().write(thing.id(), "Thing", 2, "dovetail.commands.thing.Thing", "1", payload.formatted(thing.id()));

        ThingView next = accepted(update(thing.id(), "from the events", 3));

        assertThat(next.createdOn()).isEqualTo(thing.createdOn());
        assertThat(next.version()).isEqualTo(4);
    }

    @Test
    void aSyncTaskWithThresholdEventsIsSnapshottedAndThenLoadsFromTheSnapshot() throws Exception {
        String id = "snapshotted-task";
        SyncTaskDefinition definition = new SyncTaskDefinition(
                new SinkSpec(new MeilisearchSinkSpec(id, null, null, null, null)), null, null,
                new TaskOptions(50, null, 1, null));
        assertThat((Object) commands.sendAndWait(new CreateSyncTask(id, definition)))
                .isInstanceOf(SyncTaskAccepted.class);
        for (int event = 1; event < THRESHOLD; event++) {
            commands.sendAndWait(event % 2 == 1 ? new PauseSyncTask(id) : new ResumeSyncTask(id));
        }
        boolean paused = THRESHOLD % 2 == 0;

        SnapshotTable.Row row = snapshotOf(id);
        assertThat(row.type()).isEqualTo("SyncTask");
        assertThat(row.sequence()).isEqualTo(THRESHOLD - 1);
        assertThat(row.payloadType()).isEqualTo("dovetail.commands.synctask.SyncTask");
        assertThat(row.revision()).isEqualTo("1");
        JsonNode state = JSON.readTree(row.payload());
        assertThat(state.get("id").asText()).isEqualTo(id);
        assertThat(state.get("paused").asBoolean()).isEqualTo(paused);
        assertThat(state.at("/definition/sink/meilisearch/index").asText()).isEqualTo(id);

        // the events say paused: only an aggregate read from this snapshot takes the task for running
        snapshots().edit(id, "paused", "false");
        SyncTaskAccepted answer = commands.sendAndWait(new PauseSyncTask(id));

        assertThat(answer.status()).isEqualTo(SyncTaskStatus.PAUSED);
        assertThat(events().countFor(id)).isEqualTo(THRESHOLD + 1);
    }

    /** Creates a Thing and updates it until it has {@code events} events; answers it as the last one left it. */
    private ThingView thingWithEvents(String name, int events) {
        return updateUntil(accepted(commands.sendAndWait(new CreateThing(name + " 1", 1.0))), name, events);
    }

    /** Updates the Thing until it has {@code events} events (one per version); answers it as the last one left it. */
    private ThingView updateUntil(ThingView thing, String name, int events) {
        ThingView updated = thing;
        for (long version = thing.version(); version < events; version++) {
            updated = accepted(update(thing.id(), name + " " + (version + 1), version));
        }
        return updated;
    }

    private ThingOutcome update(String id, String name, long expectedVersion) {
        return commands.sendAndWait(new UpdateThing(id, name, 2.0, expectedVersion));
    }

    private static ThingView accepted(Object outcome) {
        assertThat(outcome).isInstanceOf(ThingAccepted.class);
        return ((ThingAccepted) outcome).thing();
    }

    /** The snapshot taken after the commit that passed the threshold: on a thread of its own, so waited for. */
    private SnapshotTable.Row snapshotOf(String aggregateId) {
        return await().atMost(PATIENCE).until(() -> snapshots().latest(aggregateId), Optional::isPresent).get();
    }

    private SnapshotTable snapshots() {
        return new SnapshotTable(jdbc);
    }

    private EventStore events() {
        return new EventStore(jdbc);
    }
}
