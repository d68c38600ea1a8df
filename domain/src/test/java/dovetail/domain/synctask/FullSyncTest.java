package dovetail.domain.synctask;

import static dovetail.domain.synctask.FullSync.Phase.BUILDING;
import static dovetail.domain.synctask.FullSync.Phase.COMPLETED;
import static dovetail.domain.synctask.FullSync.Phase.HANDOVER;
import static dovetail.domain.synctask.FullSync.Phase.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.synctask.FullSync.Phase;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The full-sync state machine as a table: from each phase (of generation 2, or none), each event, to the phase after.
 * The rows marked "crash" are what an instance killed mid-way (as {@code CrashIT} kills one) sends again when it, or
 * another instance, goes on: repeated and late reports must change nothing.
 */
class FullSyncTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    static Stream<Arguments> transitions() {
        return Stream.of(
                // from, event, to (null: none)
                row(null, requested(1), BUILDING, "the first full sync starts"),
                row(null, caughtUp(1), null, "nothing to catch up"),
                row(null, completed(1), null, "nothing to complete"),
                row(null, stopped(1), null, "nothing to stop"),
                row(BUILDING, caughtUp(2), HANDOVER, "the copy caught up"),
                row(BUILDING, stopped(2), STOPPED, "the copy could not start or fell short"),
                row(BUILDING, requested(3), BUILDING, "asked again while it runs: nothing changes"),
                row(BUILDING, completed(2), BUILDING, "completed before it was handed over: ignored"),
                row(BUILDING, caughtUp(1), BUILDING, "a late report of an older full sync: ignored"),
                row(HANDOVER, caughtUp(2), HANDOVER, "crash after caught up: reported again, ignored"),
                row(HANDOVER, completed(2), COMPLETED, "swapped in"),
                row(HANDOVER, stopped(2), STOPPED, "the copy check failed at the hand-over"),
                row(HANDOVER, requested(3), HANDOVER, "asked again while handing over: nothing changes"),
                row(COMPLETED, completed(2), COMPLETED, "crash after completing: reported again, ignored"),
                row(COMPLETED, stopped(2), COMPLETED, "stopped after it completed: ignored"),
                row(COMPLETED, requested(3), BUILDING, "the next full sync starts"),
                row(COMPLETED, requested(2), COMPLETED, "a generation used already: ignored"),
                row(STOPPED, stopped(2), STOPPED, "crash after stopping: reported again, ignored"),
                row(STOPPED, caughtUp(2), STOPPED, "a copy that caught up after it was stopped: ignored"),
                row(STOPPED, requested(3), BUILDING, "asked again after a stop"));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}: {3}")
    @MethodSource("transitions")
    void movesAsTheTableSays(Phase from, Object event, Phase to, String why) {
        FullSync current = from == null ? null : new FullSync(2, from, null, AT, null, null);

        FullSync next = FullSync.next(current, event);

        assertThat(next == null ? null : next.phase()).as(why).isEqualTo(to);
        if (next != null && next.phase() == from) {
            assertThat(next).as("unchanged, not copied").isSameAs(current);
        }
    }

    @ParameterizedTest(name = "{0} runs: {1}")
    @MethodSource("running")
    void onlyBuildingAndHandingOverRun(Phase phase, boolean running) {
        assertThat(new FullSync(1, phase, null, AT, null, null).running()).isEqualTo(running);
    }

    static Stream<Arguments> running() {
        return Stream.of(Arguments.of(BUILDING, true), Arguments.of(HANDOVER, true), Arguments.of(COMPLETED, false),
                Arguments.of(STOPPED, false));
    }

    @org.junit.jupiter.api.Test
    void aFullSyncToAnotherLayoutCarriesItsDefinitionAndAStopCarriesItsReason() {
        SyncTaskDefinition layout = new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("things", "id", null,
                null, null)), null, null, null);
        FullSync building = FullSync.next(null, new SyncTaskFullSyncRequested("t", 1, AT, layout));
        FullSync stopped = FullSync.next(building, new SyncTaskFullSyncStopped("t", 1, "copy short", AT.plusSeconds(5)));

        assertThat(building.relayout()).isTrue();
        assertThat(building.building()).isEqualTo(layout);
        assertThat(building.startedAt()).isEqualTo(AT);
        assertThat(stopped.reason()).isEqualTo("copy short");
        assertThat(stopped.endedAt()).isEqualTo(AT.plusSeconds(5));
    }

    private static Arguments row(Phase from, Object event, Phase to, String why) {
        return Arguments.of(from, event, to, why);
    }

    private static Object requested(long generation) {
        return new SyncTaskFullSyncRequested("t", generation, AT);
    }

    private static Object caughtUp(long generation) {
        return new SyncTaskFullSyncCaughtUp("t", generation, AT);
    }

    private static Object completed(long generation) {
        return new SyncTaskFullSyncCompleted("t", generation, AT);
    }

    private static Object stopped(long generation) {
        return new SyncTaskFullSyncStopped("t", generation, "copy short", AT);
    }
}
