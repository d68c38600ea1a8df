package dovetail.app.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads a whole Kafka topic from its start, as a consumer that joined late would. */
public final class KafkaTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String name;

    public KafkaTopic(String bootstrapServers, String name) {
        this.bootstrapServers = bootstrapServers;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Every record now in the topic, partition by partition, each partition in offset order. */
    public List<ConsumerRecord<String, byte[]>> records() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(name, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + name + " to its end in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * For a state topic: the version of each key's last record, by key, leaving out keys whose last record is a
     * tombstone (a deleted Thing), as a consumer that compacts the topic would see it.
     */
    public Map<String, Long> latestVersions() {
        Map<String, Long> latest = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records()) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                try {
                    latest.put(record.key(), JSON.readTree(record.value()).get("version").asLong());
                } catch (IOException e) {
                    throw new IllegalStateException("Not JSON in " + name + " at " + record.offset(), e);
                }
            }
        }
        return latest;
    }

    /** The records once {@code condition} holds for them, waiting up to {@code patience}. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(Duration patience,
                                                             Predicate<List<ConsumerRecord<String, byte[]>>> condition) {
        List<List<ConsumerRecord<String, byte[]>>> last = new ArrayList<>();
        Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            List<ConsumerRecord<String, byte[]>> records = records();
            last.clear();
            last.add(records);
            return condition.test(records);
        });
        return last.get(0);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
