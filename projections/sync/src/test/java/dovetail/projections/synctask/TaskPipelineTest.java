package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.synctask.ConditionOperator;
import dovetail.domain.synctask.FieldCondition;
import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.sink.SinkChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskPipelineTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
    private static final SyncTaskDefinition KAFKA = SyncTaskRules.withDefaults(new SyncTaskDefinition(
            new SinkSpec(null, new KafkaSinkSpec(List.of(new KafkaTopicSpec("t.events", KafkaFormat.EVENTS))), null),
            new FilterSpec(List.of(), List.of()), List.of(), null));
    private static final SyncTaskDefinition FOO_ABOVE_ONE = SyncTaskRules.withDefaults(new SyncTaskDefinition(
            KAFKA.sink(), new FilterSpec(List.of(), List.of(new FieldCondition("foo", ConditionOperator.GT,
                    List.of("1")))), List.of(), null));

    @Test
    void aSinkGetsTheThingsChangeWithItsEvent() {
        ThingCreated created = new ThingCreated("7", "lamp", 1.5, CREATED, 1);

        SinkChange change = new TaskPipeline(KAFKA).apply(created).orElseThrow();

        assertThat(change.change()).isEqualTo(new ThingChange.Upsert(new ThingView("7", "lamp", 1.5, CREATED,
                CREATED, 1)));
        assertThat(change.event()).isSameAs(created);
        assertThat(change.thingId()).isEqualTo("7");
        assertThat(change.version()).isEqualTo(1);
        assertThat(change.removes()).isFalse();
    }

    @Test
    void aDeletionIsARemoval() {
        ThingDeleted deleted = new ThingDeleted("7", CREATED, 2);

        assertThat(new TaskPipeline(KAFKA).apply(deleted))
                .contains(new SinkChange(new ThingChange.Removal("7", 2), deleted));
    }

    @Test
    void aThingThatStopsMeetingTheConditionsIsRemovedAndOneThatMeetsThemIsPut() {
        ThingUpdated cheaper = new ThingUpdated("7", "lamp", 0.5, CREATED, CREATED.plusSeconds(1), 2);
        ThingUpdated dearer = new ThingUpdated("7", "lamp", 2.5, CREATED, CREATED.plusSeconds(2), 3);

        SinkChange removed = new TaskPipeline(FOO_ABOVE_ONE).apply(cheaper).orElseThrow();
        SinkChange put = new TaskPipeline(FOO_ABOVE_ONE).apply(dearer).orElseThrow();

        assertThat(removed.removes()).isTrue();
        assertThat(removed.version()).isEqualTo(2);
        assertThat(removed.event()).isSameAs(cheaper);
        assertThat(put.thing().foo()).isEqualTo(2.5);
    }

    @Test
    void aTaskWithoutConditionsDecidesByTypeAlone() {
        SyncTaskDefinition createdOnly = SyncTaskRules.withDefaults(new SyncTaskDefinition(KAFKA.sink(),
                new FilterSpec(List.of("ThingCreated"), List.of()), List.of(), null));

        assertThat(new TaskPipeline(KAFKA).decidesByType()).isTrue();
        assertThat(new TaskPipeline(FOO_ABOVE_ONE).decidesByType()).as("a condition on foo").isFalse();
        assertThat(new TaskPipeline(KAFKA).takes(ThingDeleted.class)).isTrue();
        assertThat(new TaskPipeline(KAFKA).takes(String.class)).isFalse();
        assertThat(new TaskPipeline(createdOnly).takes(ThingCreated.class)).isTrue();
        assertThat(new TaskPipeline(createdOnly).takes(ThingDeleted.class)).isFalse();
        // what takes says is what apply does
        assertThat(new TaskPipeline(createdOnly).apply(new ThingDeleted("7", CREATED, 2))).isEmpty();
    }
}
