package dovetail.migration.capture;

import dovetail.projections.sink.FailureText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Drains the legacy state topic for a cutover: takes the end offset of every partition when it starts, then waits
 * until the capture's consumer group has committed at least those offsets. The capture commits an offset only
 * after the changes before it are stored, so once the group is there, everything the legacy store had published
 * when the drain started is in the event store, whichever instance consumes which partition.
 */
final class LegacyTopicDrain {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String topic;
    private final String group;

    LegacyTopicDrain(String bootstrapServers, String topic, String group) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.group = group;
    }

    /** The topic's end offsets now; empty when the topic does not exist (nothing was published, nothing to wait for). */
    Map<TopicPartition, Long> endOffsets(Duration timeout) throws DrainFailed {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(timeout)) {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(left(deadline),
                        TimeUnit.NANOSECONDS).get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Map.of();
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> latest = description.partitions().stream().collect(Collectors.toMap(
                    partition -> new TopicPartition(topic, partition.partition()), partition -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(left(deadline), TimeUnit.NANOSECONDS).entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new DrainFailed("the end offsets of the legacy state topic " + topic + " could not be read within "
                                  + timeout + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainFailed("interrupted while reading the end offsets of the legacy state topic " + topic);
        }
    }

    /**
     * Waits until the consumer group has committed {@code ends} in every partition. Null when it has, else which
     * partitions it has not reached within {@code timeout}, or why the offsets could not be read.
     */
    String awaitCommitted(Map<TopicPartition, Long> ends, Duration timeout) {
        if (ends.values().stream().allMatch(end -> end == 0)) {
            return null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> behind = Map.of();
        try (Admin admin = admin(timeout)) {
            do {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(left(deadline), TimeUnit.NANOSECONDS);
                behind = behind(ends, committed);
                if (behind.isEmpty()) {
                    return null;
                }
                LockSupport.parkNanos(Math.min(POLL.toNanos(), left(deadline)));
            } while (left(deadline) > 0);
        } catch (ExecutionException | TimeoutException e) {
            return "the committed offsets of group " + group + " on the legacy state topic " + topic
                   + " could not be read within " + timeout + ": " + reason(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while draining the legacy state topic " + topic;
        }
        return "the legacy state topic " + topic + " was not consumed to the end offsets it had when the drain "
               + "started within " + timeout + " (group " + group + ", partition: committed of end " + behind + ")";
    }

    /** Partition → "committed of end", for the partitions whose committed offset is before the end to reach. */
    private static Map<Integer, String> behind(Map<TopicPartition, Long> ends,
                                               Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<Integer, String> behind = new TreeMap<>();
        ends.forEach((partition, end) -> {
            OffsetAndMetadata offset = committed.get(partition);
            long reached = offset == null ? 0 : offset.offset();
            if (reached < end) {
                behind.put(partition.partition(), (offset == null ? "none" : Long.toString(reached)) + " of " + end);
            }
        });
        return behind;
    }

    private Admin admin(Duration timeout) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, group + "-drain");
        return Admin.create(properties);
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String reason(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return FailureText.describe(cause);
    }

    /** The drain could not even start: the topic's end offsets are unknown. */
    static final class DrainFailed extends Exception {
        DrainFailed(String message) {
            super(message);
        }
    }
}
