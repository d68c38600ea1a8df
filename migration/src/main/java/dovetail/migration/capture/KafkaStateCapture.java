package dovetail.migration.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.migration.legacy.LegacyRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy store's state topic as a capture source: each record is a Thing's latest state keyed by its decimal
 * id, {@code {"id","name","foo","created_on","updated_on","version"}} (RFC 3339 times), or a tombstone once it is
 * gone. Offsets are committed only after the changes are stored, and also when the position moves without a record
 * (past transaction markers, or to the start of a partition whose records retention removed), so that a cutover's
 * drain sees the group reach the end offsets. The consumer group spreads partitions over the instances. A record
 * that cannot be read is logged and passed over.
 */
final class KafkaStateCapture {

    static final String SOURCE = "kafka";

    private static final Logger log = LoggerFactory.getLogger(KafkaStateCapture.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String topic;
    private final String group;
    private final ChangeApplier applier;
    private final CaptureStats stats;

    KafkaStateCapture(String bootstrapServers, String topic, String group, ChangeApplier applier, CaptureStats stats) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.group = group;
        this.applier = applier;
        this.stats = stats;
    }

    void run(BooleanSupplier keepRunning) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                // another instance may have committed meanwhile: what this one remembers no longer holds
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    committed.clear();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    committed.clear();
                }
            });
            while (keepRunning.getAsBoolean()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    List<CapturedChange> changes = new ArrayList<>();
                    records.forEach(record -> change(record).ifPresent(changes::add));
                    applier.apply(changes, stats);
                }
                commitMoved(consumer, committed);
            }
        }
    }

    /** Commits the position of every partition whose position moved since it was last committed. */
    private void commitMoved(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            if (!Long.valueOf(position).equals(committed.get(partition))) {
                moved.put(partition, new OffsetAndMetadata(position));
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        consumer.commitSync(moved);
        moved.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        stats.position(committed.entrySet().stream()
                .map(entry -> entry.getKey().partition() + ":" + entry.getValue()).sorted().toList().toString());
    }

    static Optional<CapturedChange> change(ConsumerRecord<String, byte[]> record) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        try {
            if (record.value() == null) {
                return Optional.of(new CapturedChange.Removal(Long.parseLong(record.key()), at));
            }
            JsonNode state = JSON.readTree(record.value());
            LegacyRow row = new LegacyRow(required(state, "id").longValue(), required(state, "name").textValue(),
                    required(state, "foo").longValue(), Instant.parse(required(state, "created_on").asText()),
                    Instant.parse(required(state, "updated_on").asText()), required(state, "version").longValue());
            if (record.key() != null && !record.key().equals(Long.toString(row.id()))) {
                throw new IllegalArgumentException("key " + record.key() + " is not the id " + row.id());
            }
            return Optional.of(new CapturedChange.Upsert(row, at));
        } catch (Exception malformed) {
            log.warn("Legacy state record {} at {}-{}/{} cannot be read and is passed over: {}", record.key(),
                    record.topic(), record.partition(), record.offset(), malformed.toString());
            return Optional.empty();
        }
    }

    private static JsonNode required(JsonNode state, String field) {
        JsonNode value = state.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no " + field);
        }
        if (("id".equals(field) || "foo".equals(field) || "version".equals(field)) && !value.canConvertToExactIntegral()) {
            throw new IllegalArgumentException(field + " is not an integer");
        }
        return value;
    }
}
