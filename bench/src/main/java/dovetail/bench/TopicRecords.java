package dovetail.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the broker holds for the Kafka benchmarks, read outside their clocks: how many records topics hold, waiting
 * for a count, and dropping a run's topics.
 */
final class TopicRecords {

    private TopicRecords() {
    }

    /** The records the topics hold now (0 while they do not exist). */
    static long in(Admin admin, KafkaConsumer<byte[], byte[]> consumer, List<String> names) throws Exception {
        if (!admin.listTopics().names().get().containsAll(names)) {
            return 0;
        }
        return endOffsets(consumer, partitions(consumer, names));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, List<String> names) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String name : names) {
            consumer.partitionsFor(name).forEach(info -> partitions.add(new TopicPartition(name, info.partition())));
        }
        return partitions;
    }

    private static long endOffsets(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    static void deleteTopics(Admin topicsAdmin, List<String> names) throws Exception {
        topicsAdmin.deleteTopics(names).all().get(1, TimeUnit.MINUTES);
    }

    /** Waits until the topics hold {@code expected} records in all, within {@code timeout}. */
    static void await(Admin admin, KafkaConsumer<byte[], byte[]> consumer, List<String> names, long expected,
                      Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = null;
        while (System.nanoTime() < deadline) {
            if (partitions == null && admin.listTopics().names().get().containsAll(names)) {
                partitions = partitions(consumer, names);
            }
            if (partitions != null && endOffsets(consumer, partitions) >= expected) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(expected + " records did not arrive within " + timeout);
    }

    /** A consumer of no group, committing nothing: for reading offsets or records from the start. */
    static <K> KafkaConsumer<K, byte[]> consumer(String servers, Class<?> keys) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keys,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
