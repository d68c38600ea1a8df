package dovetail.commands.thing;

import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.ImportThing;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.domain.thing.VersionConflict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThingTest {

    private static final String ID = "42";
    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00.123456Z");
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.654321Z");

    private AggregateTestFixture<Thing> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Thing.class);
        fixture.registerAnnotatedCommandHandler(
                new ThingCommandHandler(fixture.getRepository(), () -> 42L, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static ThingCreated created() {
        return new ThingCreated(ID, "lamp", 1.5, CREATED, 1);
    }

    @Test
    void creatingAThingAllocatesAnIdAndStartsAtVersionOne() {
        fixture.givenNoPriorActivity()
               .when(new CreateThing("  lamp ", 1.5))
               .expectEvents(new ThingCreated(ID, "lamp", 1.5, NOW, 1))
               .expectResultMessagePayload(new ThingAccepted(new ThingView(ID, "lamp", 1.5, NOW, NOW, 1), true));
    }

    @Test
    void creatingWithABlankNameOrMissingFooIsRefusedWithEveryProblem() {
        fixture.givenNoPriorActivity()
               .when(new CreateThing("   ", null))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidInput(List.of(
                       new Problem("name", "must not be blank"), new Problem("foo", "is required"))));
    }

    @Test
    void creatingWithANameOver200CharactersIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new CreateThing("x".repeat(201), 1.0))
               .expectNoEvents()
               .expectResultMessagePayload(InvalidInput.of("name", "must be at most 200 characters"));
    }

    @Test
    void aNameOfExactly200CharactersIsAccepted() {
        String name = "x".repeat(200);
        fixture.givenNoPriorActivity()
               .when(new CreateThing(name, 1.0))
               .expectEvents(new ThingCreated(ID, name, 1.0, NOW, 1));
    }

    @Test
    void creatingWithANonFiniteFooIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new CreateThing("lamp", Double.POSITIVE_INFINITY))
               .expectNoEvents()
               .expectResultMessagePayload(InvalidInput.of("foo", "must be a finite number"));
        fixture.givenNoPriorActivity()
               .when(new CreateThing("lamp", Double.NaN))
               .expectNoEvents()
               .expectResultMessagePayload(InvalidInput.of("foo", "must be a finite number"));
    }

    @Test
    void updatingAtTheCurrentVersionAppliesAndBumpsTheVersion() {
        fixture.given(created())
               .when(new UpdateThing(ID, "desk lamp", 2.0, 1L))
               .expectEvents(new ThingUpdated(ID, "desk lamp", 2.0, CREATED, NOW, 2))
               .expectResultMessagePayload(
                       new ThingAccepted(new ThingView(ID, "desk lamp", 2.0, CREATED, NOW, 2), true));
    }

    @Test
    void updatingWithAStaleVersionAnswersTheCurrentVersion() {
        fixture.given(created(), new ThingUpdated(ID, "desk lamp", 2.0, CREATED, NOW, 2))
               .when(new UpdateThing(ID, "floor lamp", 3.0, 1L))
               .expectNoEvents()
               .expectResultMessagePayload(new VersionConflict(ID, 1, 2));
    }

    @Test
    void updatingAnUnknownThingAnswersNotFound() {
        fixture.givenNoPriorActivity()
               .when(new UpdateThing("7", "lamp", 1.0, 1L))
               .expectNoEvents()
               .expectResultMessagePayload(new ThingNotFound("7"));
    }

    @Test
    void updatingWithAMalformedIdOrNegativeVersionIsRefusedBeforeLoading() {
        fixture.givenNoPriorActivity()
               .when(new UpdateThing("abc", "lamp", 1.0, -1L))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidInput(List.of(
                       new Problem("id", "must be a non-negative integer"),
                       new Problem("expectedVersion", "must not be negative"))));
    }

    @Test
    void deletingAtTheCurrentVersionDeletesAndBumpsTheVersion() {
        fixture.given(created())
               .when(new DeleteThing(ID, 1L))
               .expectEvents(new ThingDeleted(ID, NOW, 2))
               .expectMarkedDeleted();
    }

    @Test
    void deletingWithAStaleVersionIsAConflict() {
        fixture.given(created(), new ThingUpdated(ID, "desk lamp", 2.0, CREATED, NOW, 2))
               .when(new DeleteThing(ID, 1L))
               .expectNoEvents()
               .expectResultMessagePayload(new VersionConflict(ID, 1, 2));
    }

    @Test
    void aDeletedThingCanNoLongerBeUpdated() {
        fixture.given(created(), new ThingDeleted(ID, NOW, 2))
               .when(new UpdateThing(ID, "lamp", 1.0, 2L))
               .expectNoEvents()
               .expectResultMessagePayload(new ThingNotFound(ID));
    }

    @Test
    void importingAnUnknownThingKeepsItsIdVersionAndTimestamps() {
        fixture.givenNoPriorActivity()
               .when(new ImportThing("0", "legacy", 3.0, CREATED, NOW, 0L))
               .expectEvents(new ThingImported("0", "legacy", 3.0, CREATED, NOW, 0));
    }

    @Test
    void importingANewerVersionReplacesTheState() {
        fixture.given(created())
               .when(new ImportThing(ID, "legacy", 3.0, CREATED, NOW, 5L))
               .expectEvents(new ThingImported(ID, "legacy", 3.0, CREATED, NOW, 5))
               .expectResultMessagePayload(
                       new ThingAccepted(new ThingView(ID, "legacy", 3.0, CREATED, NOW, 5), true));
    }

    @Test
    void importingAVersionAtOrBelowTheKnownOneChangesNothing() {
        fixture.given(created(), new ThingUpdated(ID, "desk lamp", 2.0, CREATED, NOW, 2))
               .when(new ImportThing(ID, "older", 9.0, CREATED, CREATED, 2L))
               .expectNoEvents()
               .expectResultMessagePayload(
                       new ThingAccepted(new ThingView(ID, "desk lamp", 2.0, CREATED, NOW, 2), false));
    }

    @Test
    void importingWithoutTimestampsIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new ImportThing(ID, "legacy", 3.0, null, null, 1L))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidInput(List.of(
                       new Problem("createdOn", "is required"), new Problem("updatedOn", "is required"))));
    }
}
