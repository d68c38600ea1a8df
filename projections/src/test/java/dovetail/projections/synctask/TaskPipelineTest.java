package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.projections.sink.DocumentChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskPipelineTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
    private static final SyncTaskDefinition KAFKA = SyncTaskRules.withDefaults(new SyncTaskDefinition(
            new SinkSpec(null, new KafkaSinkSpec(List.of(new KafkaTopicSpec("t.events", KafkaFormat.EVENTS))), null),
            new FilterSpec(List.of(), List.of()), List.of(), null));

    @Test
    void aSinkThatReadsDocumentsGetsTheThingsDocument() {
        DocumentChange change = new TaskPipeline(KAFKA, true)
                .apply(new ThingCreated("7", "lamp", 1.5, CREATED, 1)).orElseThrow();

        DocumentChange.Upsert upsert = (DocumentChange.Upsert) change;
        assertThat(upsert.id()).isEqualTo("7");
        assertThat(upsert.version()).isEqualTo(1);
        assertThat(upsert.document()).containsEntry("name", "lamp").containsEntry("createdOn", CREATED.toString());
    }

    @Test
    void aSinkThatPublishesEventsGetsTheChangeWithItsEventAndNoDocument() {
        ThingCreated created = new ThingCreated("7", "lamp", 1.5, CREATED, 1);

        DocumentChange change = new TaskPipeline(KAFKA, false).apply(created).orElseThrow();

        DocumentChange.Upsert upsert = (DocumentChange.Upsert) change;
        assertThat(upsert.id()).isEqualTo("7");
        assertThat(upsert.version()).isEqualTo(1);
        assertThat(upsert.event()).isSameAs(created);
        assertThat(upsert.document()).isEmpty();
    }

    @Test
    void aDeletionIsTheSameEitherWay() {
        ThingDeleted deleted = new ThingDeleted("7", CREATED, 2);

        assertThat(new TaskPipeline(KAFKA, false).apply(deleted))
                .isEqualTo(new TaskPipeline(KAFKA, true).apply(deleted))
                .contains(new DocumentChange.Delete("7", 2, deleted));
    }

    @Test
    void aTaskWithoutConditionsOrDocumentsDecidesByTypeAlone() {
        SyncTaskDefinition createdOnly = SyncTaskRules.withDefaults(new SyncTaskDefinition(KAFKA.sink(),
                new FilterSpec(List.of("ThingCreated"), List.of()), List.of(), null));
        SyncTaskDefinition withCondition = SyncTaskRules.withDefaults(new SyncTaskDefinition(KAFKA.sink(),
                new FilterSpec(List.of(), List.of(new dovetail.domain.synctask.FieldCondition("foo",
                        dovetail.domain.synctask.ConditionOperator.GT, List.of("1")))), List.of(), null));

        assertThat(new TaskPipeline(KAFKA, false).decidesByType()).isTrue();
        assertThat(new TaskPipeline(KAFKA, true).decidesByType()).as("documents to build").isFalse();
        assertThat(new TaskPipeline(withCondition, false).decidesByType()).as("a condition on foo").isFalse();
        assertThat(new TaskPipeline(KAFKA, false).takes(ThingDeleted.class)).isTrue();
        assertThat(new TaskPipeline(KAFKA, false).takes(String.class)).isFalse();
        assertThat(new TaskPipeline(createdOnly, false).takes(ThingCreated.class)).isTrue();
        assertThat(new TaskPipeline(createdOnly, false).takes(ThingDeleted.class)).isFalse();
        // what takes says is what apply does
        assertThat(new TaskPipeline(createdOnly, false).apply(new ThingDeleted("7", CREATED, 2))).isEmpty();
    }
}
