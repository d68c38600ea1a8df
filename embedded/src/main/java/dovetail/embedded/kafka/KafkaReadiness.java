package dovetail.embedded.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Waits until a fresh broker can serve consumer groups. Until {@code __consumer_offsets} exists and has a leader,
 * group members get {@code NotCoordinatorException} / {@code CoordinatorNotAvailableException}; the consumer
 * retries those internally, so one committed offset proves the coordinator is ready.
 */
public final class KafkaReadiness {

    private static final String PROBE = "dovetail-readiness";

    private KafkaReadiness() {
    }

    public static void awaitGroupCoordinator(String bootstrapServers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TopicPartition partition = new TopicPartition(PROBE, 0);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            createProbeTopic(admin, remaining(deadline));
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, PROBE,
                    ConsumerConfig.CLIENT_ID_CONFIG, PROBE,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
                consumer.assign(List.of(partition));
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(0)), remaining(deadline));
                if (consumer.committed(Set.of(partition), remaining(deadline)).get(partition) == null) {
                    throw new IllegalStateException("Kafka group coordinator lost a committed offset");
                }
            }
            await(admin.deleteConsumerGroups(List.of(PROBE)).all(), remaining(deadline));
            await(admin.deleteTopics(List.of(PROBE)).all(), remaining(deadline));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers
                    + " did not serve consumer groups within " + timeout, e);
        }
    }

    private static void createProbeTopic(Admin admin, Duration timeout) {
        try {
            await(admin.createTopics(List.of(new NewTopic(PROBE, 1, (short) 1))).all(), timeout);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
    }

    private static void await(org.apache.kafka.common.KafkaFuture<Void> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("Kafka admin call timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }
}
