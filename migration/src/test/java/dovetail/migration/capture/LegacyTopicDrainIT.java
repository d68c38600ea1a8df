package dovetail.migration.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The cutover's drain of the legacy state topic against a real broker: what it waits for, and how it gives up. */
@WithEngines
class LegacyTopicDrainIT {

    private final TestEndpoints engines;

    LegacyTopicDrainIT(TestEndpoints engines) {
        this.engines = engines;
    }

    @Test
    void waitsForTheGroupToCommitTheEndOffsetsOfEveryPartitionAndNamesThoseItHasNotReached() throws Exception {
        String topic = topic("behind");
        String group = topic + ".capture";
        createTopic(topic, 2);
        publish(topic, 0, 3);
        publish(topic, 1, 1);
        LegacyTopicDrain drain = new LegacyTopicDrain(engines.kafkaBootstrapServers(), topic, group);
        Map<TopicPartition, Long> ends = drain.endOffsets(Duration.ofSeconds(30));
        assertThat(ends).containsExactlyInAnyOrderEntriesOf(Map.of(new TopicPartition(topic, 0), 3L,
                new TopicPartition(topic, 1), 1L));

        long started = System.nanoTime();
        String nothingCommitted = drain.awaitCommitted(ends, Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(nothingCommitted).contains(topic, "group " + group, "0=none of 3", "1=none of 1");

        commit(group, Map.of(new TopicPartition(topic, 0), 3L));
        assertThat(drain.awaitCommitted(ends, Duration.ofSeconds(1))).contains("1=none of 1")
                .doesNotContain("0=");

        commit(group, Map.of(new TopicPartition(topic, 1), 1L));
        assertThat(drain.awaitCommitted(ends, Duration.ofSeconds(10))).isNull();
    }

    @Test
    void recordsPublishedAfterTheDrainStartedAreNotWaitedFor() throws Exception {
        String topic = topic("later");
        String group = topic + ".capture";
        createTopic(topic, 1);
        publish(topic, 0, 2);
        LegacyTopicDrain drain = new LegacyTopicDrain(engines.kafkaBootstrapServers(), topic, group);
        Map<TopicPartition, Long> ends = drain.endOffsets(Duration.ofSeconds(30));
        publish(topic, 0, 5);
        commit(group, Map.of(new TopicPartition(topic, 0), 2L));
        assertThat(drain.awaitCommitted(ends, Duration.ofSeconds(10))).isNull();
    }

    @Test
    void aTopicNothingWasPublishedOnHasNothingToWaitFor() throws Exception {
        LegacyTopicDrain missing = new LegacyTopicDrain(engines.kafkaBootstrapServers(), topic("missing"), "nobody");
        Map<TopicPartition, Long> ends = missing.endOffsets(Duration.ofSeconds(30));
        assertThat(ends).isEmpty();
        assertThat(missing.awaitCommitted(ends, Duration.ofSeconds(1))).isNull();

        String empty = topic("empty");
        createTopic(empty, 1);
        LegacyTopicDrain drain = new LegacyTopicDrain(engines.kafkaBootstrapServers(), empty, "nobody");
        assertThat(drain.awaitCommitted(drain.endOffsets(Duration.ofSeconds(30)), Duration.ofSeconds(1))).isNull();
    }

    @Test
    void anUnreachableBrokerIsReportedWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LegacyTopicDrain drain = new LegacyTopicDrain("127.0.0.1:" + closedPort, "legacy.things", "group");
        long started = System.nanoTime();
        assertThatThrownBy(() -> drain.endOffsets(Duration.ofSeconds(1)))
                .isInstanceOf(LegacyTopicDrain.DrainFailed.class)
                .hasMessageContaining("end offsets of the legacy state topic legacy.things could not be read within PT1S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    private String topic(String name) {
        return engines.topicPrefix() + "legacy." + name;
    }

    private void createTopic(String topic, int partitions) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private void publish(String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, Integer.toString(i), "{}")).get();
            }
        }
    }

    /** Commits offsets as the capture does once the changes before them are stored. */
    private void commit(String group, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(offsets.keySet());
            consumer.commitSync(offsets.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue()))));
        }
    }
}
