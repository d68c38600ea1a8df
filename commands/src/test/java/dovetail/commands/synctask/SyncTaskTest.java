package dovetail.commands.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.synctask.AllowedWebhookHosts;
import dovetail.domain.synctask.CompleteFullSync;
import dovetail.domain.synctask.ConditionOperator;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.FieldCondition;
import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.FullSyncRunning;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.MarkFullSyncCaughtUp;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.PauseSyncTask;
import dovetail.domain.synctask.ReconfigureSyncTask;
import dovetail.domain.synctask.ResumeSyncTask;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.StartFullSync;
import dovetail.domain.synctask.StopFullSync;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskAlreadyExists;
import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskDeleted;
import dovetail.domain.synctask.SyncTaskFullSyncCaughtUp;
import dovetail.domain.synctask.SyncTaskFullSyncCompleted;
import dovetail.domain.synctask.SyncTaskFullSyncRequested;
import dovetail.domain.synctask.SyncTaskFullSyncStopped;
import dovetail.domain.synctask.SyncTaskNotFound;
import dovetail.domain.synctask.SyncTaskPaused;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskResumed;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskStillActive;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.synctask.TransformKind;
import dovetail.domain.thing.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import dovetail.domain.synctask.KnownMeilisearchInstances;
import dovetail.domain.synctask.MeilisearchTopology;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncTaskTest {

    private static final String ID = "search-eu";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final SyncTaskDefinition MINIMAL = new SyncTaskDefinition(
            new SinkSpec(new MeilisearchSinkSpec("eu", null, null, null, null)), null, null, null);
    private static final SyncTaskDefinition DEFAULTED = SyncTaskRules.withDefaults(MINIMAL);

    private AggregateTestFixture<SyncTask> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SyncTask.class);
        fixture.registerAnnotatedCommandHandler(
                new SyncTaskCommandHandler(fixture.getRepository(), fixture.getEventStore(),
                        Clock.fixed(NOW, ZoneOffset.UTC), knownInstances("default", "ms-0", "ms-1", "ms-2"),
                        new StaticListableBeanFactory().getBeanProvider(AllowedWebhookHosts.class)));
    }

    private static ObjectProvider<KnownMeilisearchInstances> knownInstances(String... names) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("knownMeilisearchInstances", new KnownMeilisearchInstances(Set.of(names)));
        return beans.getBeanProvider(KnownMeilisearchInstances.class);
    }

    private static SyncTaskDefinition onInstances(MeilisearchTopology topology, String... instances) {
        return SyncTaskRules.withDefaults(new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("eu", null, null,
                null, null, topology, List.of(instances))), null, null, null));
    }

    @Test
    void aTaskMayOnlyNameConfiguredInstances() {
        SyncTaskDefinition unknown = new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("eu", null, null,
                null, null, MeilisearchTopology.SHARDED, List.of("ms-0", "ms-9"))), null, null, null);
        fixture.givenNoPriorActivity()
               .when(new CreateSyncTask(ID, unknown))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidTaskDefinition(List.of(new Problem("sink.meilisearch.instances[1]",
                       "names no configured Meilisearch instance (known: [default, ms-0, ms-1, ms-2])"))));
    }

    @Test
    void changingTheShardsIsAFullSyncThatTakesTheNewDefinitionWhenItCompletes() {
        SyncTaskDefinition twoShards = onInstances(MeilisearchTopology.SHARDED, "ms-0", "ms-1");
        SyncTaskDefinition threeShards = onInstances(MeilisearchTopology.SHARDED, "ms-0", "ms-1", "ms-2");
        fixture.given(new SyncTaskCreated(ID, twoShards, NOW))
               .when(new ReconfigureSyncTask(ID, threeShards))
               .expectEvents(new SyncTaskFullSyncRequested(ID, 1, NOW, threeShards))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, twoShards, SyncTaskStatus.FULL_SYNC));
        fixture.given(new SyncTaskCreated(ID, twoShards, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW, threeShards),
                       new SyncTaskFullSyncCaughtUp(ID, 1, NOW), new SyncTaskFullSyncCompleted(ID, 1, NOW))
               .when(new PauseSyncTask(ID))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, threeShards, SyncTaskStatus.PAUSED));
    }

    @Test
    void aDefinitionRecordedBeforeTopologiesIsOneIndexOnTheDefaultInstance() {
        SyncTaskDefinition recorded = new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("eu", "id",
                List.of("name"), List.of(), List.of())), DEFAULTED.filter(), List.of(), DEFAULTED.options());
        fixture.given(new SyncTaskCreated(ID, recorded, NOW))
               .when(new ReconfigureSyncTask(ID, MINIMAL))
               .expectEvents(new SyncTaskReconfigured(ID, DEFAULTED, NOW));
    }

    @Test
    void creatingATaskFillsInTheDefaults() {
        fixture.givenNoPriorActivity()
               .when(new CreateSyncTask(ID, MINIMAL))
               .expectEvents(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, DEFAULTED, SyncTaskStatus.ACTIVE));
        assertThat(DEFAULTED.options()).isEqualTo(new TaskOptions(500, 30_000L, 1, 1));
        assertThat(DEFAULTED.sink().meilisearch().primaryKey()).isEqualTo("id");
        assertThat(DEFAULTED.sink().meilisearch().searchableAttributes()).containsExactly("name");
    }

    @Test
    void aBadDefinitionIsRefusedWithEveryFieldNamed() {
        SyncTaskDefinition bad = new SyncTaskDefinition(
                new SinkSpec(new MeilisearchSinkSpec("no spaces", null, List.of("name", "name"), null, null)),
                new FilterSpec(List.of("ThingExploded"),
                        List.of(new FieldCondition("foo", ConditionOperator.GT, List.of("ten")),
                                new FieldCondition("colour", ConditionOperator.EXISTS, List.of()))),
                List.of(new FieldTransform("id", TransformKind.DROP, null, null, null, null),
                        new FieldTransform("foo", TransformKind.ROUND, null, null, 11, null)),
                new TaskOptions(0, null, 17, null));

        fixture.givenNoPriorActivity()
               .when(new CreateSyncTask("Bad Id", bad))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidTaskDefinition(List.of(
                       new Problem("id", "must match [a-z0-9][a-z0-9_-]{0,63}"),
                       new Problem("sink.meilisearch.index", "must be 1..200 of A-Z a-z 0-9 _ -"),
                       new Problem("sink.meilisearch.searchableAttributes[1]", "repeats name"),
                       new Problem("filter.eventTypes[0]",
                               "must be one of ThingCreated, ThingUpdated, ThingDeleted, ThingImported, ThingErased"),
                       new Problem("filter.conditions[0].values[0]", "must be a number"),
                       new Problem("filter.conditions[1].field",
                               "must be one of id, name, foo, version, createdOn, updatedOn"),
                       new Problem("transform[0].field", "the primary key cannot be dropped"),
                       new Problem("transform[1].scale", "must be between 0 and 10"),
                       new Problem("options.batchSize", "must be between 1 and 10000"),
                       new Problem("options.segments", "must be between 1 and 16"))));
    }

    @Test
    void aTaskWithoutASinkIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new CreateSyncTask(ID, new SyncTaskDefinition(null, null, null, null)))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidTaskDefinition(
                       List.of(new Problem("sink",
                               "is required: give sink.meilisearch, sink.kafka, sink.legacy or sink.webhook"))));
    }

    @Test
    void creatingAnExistingTaskIsRefused() {
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new CreateSyncTask(ID, MINIMAL))
               .expectNoEvents()
               .expectResultMessagePayload(new SyncTaskAlreadyExists(ID));
    }

    @Test
    void pausingAndResumingAreRecordedOnceEach() {
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new PauseSyncTask(ID))
               .expectEvents(new SyncTaskPaused(ID, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, DEFAULTED, SyncTaskStatus.PAUSED));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskPaused(ID, NOW))
               .when(new PauseSyncTask(ID))
               .expectNoEvents();
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskPaused(ID, NOW))
               .when(new ResumeSyncTask(ID))
               .expectEvents(new SyncTaskResumed(ID, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, DEFAULTED, SyncTaskStatus.ACTIVE));
    }

    @Test
    void anActiveTaskIsDeletedOnlyWhenForced() {
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new DeleteSyncTask(ID, false))
               .expectNoEvents()
               .expectResultMessagePayload(new SyncTaskStillActive(ID));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new DeleteSyncTask(ID, true))
               .expectEvents(new SyncTaskDeleted(ID, NOW))
               .expectMarkedDeleted();
    }

    @Test
    void aPausedTaskIsDeletedWithoutForce() {
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskPaused(ID, NOW))
               .when(new DeleteSyncTask(ID, false))
               .expectEvents(new SyncTaskDeleted(ID, NOW));
    }

    @Test
    void reconfiguringRecordsTheNewDefinitionButNeverTheSegmentCount() {
        SyncTaskDefinition wider = SyncTaskRules.withDefaults(new SyncTaskDefinition(
                new SinkSpec(new MeilisearchSinkSpec("eu", null, List.of("name"), List.of("foo"), null)),
                null, null, null));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new ReconfigureSyncTask(ID, wider))
               .expectEvents(new SyncTaskReconfigured(ID, wider, NOW));

        SyncTaskDefinition moreSegments = new SyncTaskDefinition(MINIMAL.sink(), null, null,
                new TaskOptions(null, null, 4, null));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new ReconfigureSyncTask(ID, moreSegments))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidTaskDefinition(
                       List.of(new Problem("options.segments", "is fixed once a task exists (now 1)"))));
    }

    @Test
    void reconfiguringNeverChangesTheSinksKind() {
        SyncTaskDefinition kafka = SyncTaskRules.withDefaults(new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(
                List.of(new KafkaTopicSpec("things", KafkaFormat.STATE)))), null, null, null));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new ReconfigureSyncTask(ID, kafka))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidTaskDefinition(List.of(new Problem("sink",
                       "is a meilisearch sink; a task's sink kind is fixed once it exists: create a task for the "
                       + "kafka sink (and delete this one if it is no longer needed)"))));
        fixture.given(new SyncTaskCreated(ID, kafka, NOW))
               .when(new ReconfigureSyncTask(ID, MINIMAL))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidTaskDefinition(List.of(new Problem("sink",
                       "is a kafka sink; a task's sink kind is fixed once it exists: create a task for the "
                       + "meilisearch sink (and delete this one if it is no longer needed)"))));
    }

    @Test
    void commandsOnAnUnknownTaskAnswerNotFound() {
        fixture.givenNoPriorActivity()
               .when(new PauseSyncTask("nobody"))
               .expectNoEvents()
               .expectResultMessagePayload(new SyncTaskNotFound("nobody"));
    }

    @Test
    void aFullSyncIsNumberedAndAskingAgainWhileItRunsChangesNothing() {
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW))
               .when(new StartFullSync(ID))
               .expectEvents(new SyncTaskFullSyncRequested(ID, 1, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, DEFAULTED, SyncTaskStatus.FULL_SYNC));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW))
               .when(new StartFullSync(ID))
               .expectNoEvents()
               .expectResultMessagePayload(new SyncTaskAccepted(ID, DEFAULTED, SyncTaskStatus.FULL_SYNC));
    }

    @Test
    void aFullSyncHandsOverOnceAndCompletesOnce() {
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW))
               .when(new MarkFullSyncCaughtUp(ID, 1))
               .expectEvents(new SyncTaskFullSyncCaughtUp(ID, 1, NOW));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW),
                      new SyncTaskFullSyncCaughtUp(ID, 1, NOW))
               .when(new MarkFullSyncCaughtUp(ID, 1))
               .expectNoEvents();
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW),
                      new SyncTaskFullSyncCaughtUp(ID, 1, NOW))
               .when(new CompleteFullSync(ID, 1))
               .expectEvents(new SyncTaskFullSyncCompleted(ID, 1, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, DEFAULTED, SyncTaskStatus.ACTIVE));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW),
                      new SyncTaskFullSyncCaughtUp(ID, 1, NOW), new SyncTaskFullSyncCompleted(ID, 1, NOW))
               .when(new StartFullSync(ID))
               .expectEvents(new SyncTaskFullSyncRequested(ID, 2, NOW));
    }

    @Test
    void aStoppedFullSyncLeavesTheTaskActiveWithItsDefinitionAndANewOneMayStart() {
        SyncTaskDefinition other = SyncTaskRules.withDefaults(new SyncTaskDefinition(new SinkSpec(
                new MeilisearchSinkSpec("eu", null, null, null, null, MeilisearchTopology.REPLICATED,
                        List.of("ms-0", "ms-1"))), null, null, null));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW, other),
                      new SyncTaskFullSyncCaughtUp(ID, 1, NOW))
               .when(new StopFullSync(ID, 1, "the copy holds 3 documents where 5 were expected"))
               .expectEvents(new SyncTaskFullSyncStopped(ID, 1, "the copy holds 3 documents where 5 were expected",
                       NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, DEFAULTED, SyncTaskStatus.ACTIVE));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW),
                      new SyncTaskFullSyncStopped(ID, 1, "short", NOW))
               .when(new StopFullSync(ID, 1, "again"))
               .expectNoEvents();
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW),
                      new SyncTaskFullSyncStopped(ID, 1, "short", NOW))
               .when(new StartFullSync(ID))
               .expectEvents(new SyncTaskFullSyncRequested(ID, 2, NOW));
    }

    @Test
    void aReportAboutAnotherFullSyncIsIgnored() {
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW),
                      new SyncTaskFullSyncCaughtUp(ID, 1, NOW), new SyncTaskFullSyncCompleted(ID, 1, NOW),
                      new SyncTaskFullSyncRequested(ID, 2, NOW))
               .when(new MarkFullSyncCaughtUp(ID, 1))
               .expectNoEvents();
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW))
               .when(new CompleteFullSync(ID, 1))
               .expectNoEvents();
    }

    @Test
    void theDefinitionCannotChangeDuringAFullSync() {
        SyncTaskDefinition other = SyncTaskRules.withDefaults(new SyncTaskDefinition(
                new SinkSpec(new MeilisearchSinkSpec("other", null, null, null, null)), null, null, null));
        fixture.given(new SyncTaskCreated(ID, DEFAULTED, NOW), new SyncTaskFullSyncRequested(ID, 1, NOW))
               .when(new ReconfigureSyncTask(ID, other))
               .expectNoEvents()
               .expectResultMessagePayload(new FullSyncRunning(ID));
    }
}
