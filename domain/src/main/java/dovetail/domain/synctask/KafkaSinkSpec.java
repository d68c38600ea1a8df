package dovetail.domain.synctask;

import java.util.List;

/**
 * Kafka topics a task publishes to, each keyed by Thing id. One task may write an events topic and a state topic
 * together: both then reflect the same position of the event stream.
 */
public record KafkaSinkSpec(List<KafkaTopicSpec> topics) {
}
