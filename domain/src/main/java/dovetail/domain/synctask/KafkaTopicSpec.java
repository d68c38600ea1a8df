package dovetail.domain.synctask;

/** One topic a Kafka sink writes (its name before the deployment's topic prefix) and the format of its records. */
public record KafkaTopicSpec(String topic, KafkaFormat format) {
}
