package dovetail.projections.kafka;

import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.BuiltInTask;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The built-in {@code things-kafka} task: one task writes both Thing topics, every event to
 * {@code dovetail.things.events} and the latest state to the compacted {@code dovetail.things.state}, so the two
 * always stand at the same position of the event stream and the store is read once for both. Left out with
 * {@code dovetail.kafka.built-in-task=false}.
 */
@Component
class ThingsKafkaTask implements BuiltInTask {

    static final String ID = "things-kafka";
    public static final String EVENTS_TOPIC = "dovetail.things.events";
    public static final String STATE_TOPIC = "dovetail.things.state";

    private final KafkaTopicsProperties properties;

    ThingsKafkaTask(KafkaTopicsProperties properties) {
        this.properties = properties;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SyncTaskDefinition definition() {
        return new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(List.of(
                new KafkaTopicSpec(EVENTS_TOPIC, KafkaFormat.EVENTS),
                new KafkaTopicSpec(STATE_TOPIC, KafkaFormat.STATE)))), null, null, null);
    }

    @Override
    public boolean wanted() {
        return properties.builtInTask();
    }
}
