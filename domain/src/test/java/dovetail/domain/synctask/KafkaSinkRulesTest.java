package dovetail.domain.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.thing.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaSinkRulesTest {

    private static SyncTaskDefinition kafka(KafkaTopicSpec... topics) {
        return new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(List.of(topics))), null, null, null);
    }

    @Test
    void anEventsAndAStateTopicMakeAValidSink() {
        SyncTaskDefinition definition = kafka(new KafkaTopicSpec("things.events", KafkaFormat.EVENTS),
                new KafkaTopicSpec("things.state", KafkaFormat.STATE));

        assertThat(SyncTaskRules.check(definition)).isEmpty();
        assertThat(SyncTaskRules.withDefaults(definition).sink()).isEqualTo(definition.sink());
        assertThat(SyncTaskRules.withDefaults(definition).sink().type()).isEqualTo("kafka");
    }

    @Test
    void everyBrokenTopicRuleIsNamedByItsPath() {
        SyncTaskDefinition definition = kafka(new KafkaTopicSpec("bad topic", KafkaFormat.EVENTS),
                new KafkaTopicSpec("ok", null), new KafkaTopicSpec("ok", KafkaFormat.STATE));

        assertThat(SyncTaskRules.check(definition)).containsExactly(
                new Problem("sink.kafka.topics[0].topic", "must be 1..200 of A-Z a-z 0-9 . _ -"),
                new Problem("sink.kafka.topics[1].format", "is required: EVENTS or STATE"),
                new Problem("sink.kafka.topics[2].topic", "repeats ok"));
    }

    @Test
    void aKafkaSinkNeedsOneToFourTopics() {
        assertThat(SyncTaskRules.check(kafka())).containsExactly(
                new Problem("sink.kafka.topics", "must list 1..4 topics"));
        assertThat(SyncTaskRules.check(new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(null)), null, null, null)))
                .containsExactly(new Problem("sink.kafka.topics", "must list 1..4 topics"));
    }

    @Test
    void aSinkIsEitherMeilisearchOrKafka() {
        SinkSpec both = new SinkSpec(new MeilisearchSinkSpec("things", null, null, null, null),
                new KafkaSinkSpec(List.of(new KafkaTopicSpec("t", KafkaFormat.EVENTS))), null);

        assertThat(SyncTaskRules.check(new SyncTaskDefinition(both, null, null, null)))
                .containsExactly(new Problem("sink", "give only one of sink.meilisearch, sink.kafka, sink.legacy, sink.webhook"));
    }

    @Test
    void kafkaRecordsCannotBeReshaped() {
        SyncTaskDefinition definition = new SyncTaskDefinition(kafka(new KafkaTopicSpec("t", KafkaFormat.STATE)).sink(),
                null, List.of(new FieldTransform("name", TransformKind.DROP, null, null, null, null)), null);

        assertThat(SyncTaskRules.check(definition)).containsExactly(
                new Problem("transform", "must be empty for a kafka sink: its record formats are fixed"));
    }

    @Test
    void aStoredMeilisearchDefinitionStillReadsBackWithTheNewSinkKind() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SinkSpec read = json.readValue("{\"meilisearch\":{\"index\":\"things\"}}", SinkSpec.class);
        SinkSpec kafka = json.readValue(json.writeValueAsString(kafka(new KafkaTopicSpec("t", KafkaFormat.EVENTS)).sink()),
                SinkSpec.class);

        assertThat(read.meilisearch().index()).isEqualTo("things");
        assertThat(read.kafka()).isNull();
        assertThat(kafka.kafka().topics()).containsExactly(new KafkaTopicSpec("t", KafkaFormat.EVENTS));
    }
}
