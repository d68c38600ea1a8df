package dovetail.commands.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.migration.DriftCounts;
import dovetail.domain.migration.DriftFound;
import dovetail.domain.migration.DriftRepairCounts;
import dovetail.domain.migration.MigrationAccepted;
import dovetail.domain.migration.MigrationBackfillCompleted;
import dovetail.domain.migration.MigrationBackfillStarted;
import dovetail.domain.migration.MigrationCutOver;
import dovetail.domain.migration.MigrationDriftRepaired;
import dovetail.domain.migration.MigrationLegacyRetired;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.migration.MigrationRolledBack;
import dovetail.domain.migration.MigrationStarted;
import dovetail.domain.migration.Migrations;
import dovetail.domain.migration.RecordBackfillCompleted;
import dovetail.domain.migration.RecordBackfillStarted;
import dovetail.domain.migration.RecordDriftRepair;
import dovetail.domain.migration.RetireLegacyStore;
import dovetail.domain.migration.SwitchToLegacyPrimary;
import dovetail.domain.migration.SwitchToNewPrimary;
import dovetail.domain.migration.WrongMigrationMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationTest {

    private static final String ID = Migrations.ID;
    private static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
    private static final DriftCounts CLEAN = new DriftCounts(10, 10, 0, 0, 0, 0);
    private static final DriftCounts DRIFTED = new DriftCounts(10, 9, 1, 0, 0, 0);

    private final List<Long> reserved = new ArrayList<>();
    private AggregateTestFixture<Migration> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Migration.class);
        fixture.registerAnnotatedCommandHandler(new MigrationCommandHandler(fixture.getRepository(),
                fixture.getEventStore(), reserved::add, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Test
    void theFirstStepStartsTheMigrationWithTheLegacyStorePrimary() {
        fixture.givenNoPriorActivity()
               .when(new RecordBackfillStarted(ID, 10))
               .expectEvents(new MigrationStarted(ID, NOW), new MigrationBackfillStarted(ID, 10, NOW))
               .expectResultMessagePayload(new MigrationAccepted(MigrationMode.LEGACY_PRIMARY));
    }

    @Test
    void aCompletedBackfillIsRecorded() {
        fixture.given(new MigrationStarted(ID, NOW), new MigrationBackfillStarted(ID, 10, NOW))
               .when(new RecordBackfillCompleted(ID, 10))
               .expectEvents(new MigrationBackfillCompleted(ID, 10, NOW));
    }

    @Test
    void cutoverWithoutDriftFlipsTheModeAndMovesTheIdSequencePastTheLegacyMaximum() {
        fixture.given(new MigrationStarted(ID, NOW))
               .when(new SwitchToNewPrimary(ID, false, CLEAN, 9_999L))
               .expectEvents(new MigrationCutOver(ID, false, CLEAN, 9_999L, NOW))
               .expectResultMessagePayload(new MigrationAccepted(MigrationMode.NEW_PRIMARY));
        assertThat(reserved).containsExactly(9_999L);
    }

    @Test
    void cutoverIsRefusedWhileTheVerifierReportsDrift() {
        fixture.given(new MigrationStarted(ID, NOW))
               .when(new SwitchToNewPrimary(ID, false, DRIFTED, 9_999L))
               .expectNoEvents()
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(DriftFound.class));
        assertThat(reserved).isEmpty();
    }

    @Test
    void aForcedCutoverOverridesDriftAndSaysSo() {
        fixture.given(new MigrationStarted(ID, NOW))
               .when(new SwitchToNewPrimary(ID, true, DRIFTED, 9_999L))
               .expectEvents(new MigrationCutOver(ID, true, DRIFTED, 9_999L, NOW));
    }

    @Test
    void aDriftRepairIsRecordedWithTheSideItSentAndTheRowsItRepaired() {
        DriftRepairCounts counts = new DriftRepairCounts(1, 0, 1, 0, 1, 0);
        fixture.given(new MigrationStarted(ID, NOW))
               .when(new RecordDriftRepair(ID, MigrationMode.LEGACY_PRIMARY, counts, List.of("7", "9")))
               .expectEvents(new MigrationDriftRepaired(ID, MigrationMode.LEGACY_PRIMARY, counts, List.of("7", "9"), NOW))
               .expectResultMessagePayload(new MigrationAccepted(MigrationMode.LEGACY_PRIMARY));
    }

    @Test
    void rollbackFlipsBackAndCutoverCanFollowAgain() {
        fixture.given(new MigrationStarted(ID, NOW), new MigrationCutOver(ID, false, CLEAN, 9L, NOW))
               .when(new SwitchToLegacyPrimary(ID))
               .expectEvents(new MigrationRolledBack(ID, NOW))
               .expectResultMessagePayload(new MigrationAccepted(MigrationMode.LEGACY_PRIMARY));
        fixture.given(new MigrationStarted(ID, NOW), new MigrationCutOver(ID, false, CLEAN, 9L, NOW),
                       new MigrationRolledBack(ID, NOW))
               .when(new SwitchToNewPrimary(ID, false, CLEAN, 12L))
               .expectEvents(new MigrationCutOver(ID, false, CLEAN, 12L, NOW));
    }

    @Test
    void repeatingAStepChangesNothing() {
        fixture.given(new MigrationStarted(ID, NOW), new MigrationCutOver(ID, false, CLEAN, 9L, NOW))
               .when(new SwitchToNewPrimary(ID, false, CLEAN, 9L))
               .expectNoEvents()
               .expectResultMessagePayload(new MigrationAccepted(MigrationMode.NEW_PRIMARY));
        fixture.given(new MigrationStarted(ID, NOW))
               .when(new SwitchToLegacyPrimary(ID))
               .expectNoEvents()
               .expectResultMessagePayload(new MigrationAccepted(MigrationMode.LEGACY_PRIMARY));
    }

    @Test
    void theLegacyStoreIsRetiredOnlyFromNewPrimaryAndForGood() {
        fixture.given(new MigrationStarted(ID, NOW))
               .when(new RetireLegacyStore(ID))
               .expectNoEvents()
               .expectResultMessagePayload(new WrongMigrationMode(MigrationMode.LEGACY_PRIMARY, MigrationMode.NEW_PRIMARY));
        fixture.given(new MigrationStarted(ID, NOW), new MigrationCutOver(ID, false, CLEAN, 9L, NOW))
               .when(new RetireLegacyStore(ID))
               .expectEvents(new MigrationLegacyRetired(ID, NOW));
        fixture.given(new MigrationStarted(ID, NOW), new MigrationCutOver(ID, false, CLEAN, 9L, NOW),
                       new MigrationLegacyRetired(ID, NOW))
               .when(new SwitchToLegacyPrimary(ID))
               .expectNoEvents()
               .expectResultMessagePayload(new WrongMigrationMode(MigrationMode.LEGACY_RETIRED, MigrationMode.NEW_PRIMARY));
        fixture.given(new MigrationStarted(ID, NOW), new MigrationCutOver(ID, false, CLEAN, 9L, NOW),
                       new MigrationLegacyRetired(ID, NOW))
               .when(new RecordBackfillStarted(ID, 5))
               .expectNoEvents()
               .expectResultMessagePayload(new WrongMigrationMode(MigrationMode.LEGACY_RETIRED, MigrationMode.LEGACY_PRIMARY));
    }
}
