package dovetail.projections.kafka;

import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import dovetail.projections.sink.SinkTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tasks whose sink is Kafka publish through a {@link KafkaSink} of their own. Connection and security settings are
 * Spring Boot's ({@code spring.kafka.*}, e.g. {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}); delivery guarantees are
 * fixed here: every replica acknowledges, and the producer is idempotent, so its own retries neither duplicate nor
 * reorder a partition's records.
 */
@Component
class KafkaSinks implements SinkFactory {

    private final KafkaProperties kafka;
    private final KafkaTopicsProperties topics;
    private final KafkaTopicsAdmin admin;
    private final PublishedKeys publishedKeys;

    KafkaSinks(KafkaProperties kafka, KafkaTopicsProperties topics, JdbcTemplate jdbc,
               TransactionTemplate transactions) {
        this.kafka = kafka;
        this.topics = topics;
        this.admin = new KafkaTopicsAdmin(kafka.buildAdminProperties(null), topics);
        this.publishedKeys = new PublishedKeys(jdbc, transactions);
    }

    @Override
    public boolean builds(SyncTaskDefinition definition) {
        return definition.sink().kafka() != null;
    }

    @Override
    public Sink create(String taskId, SyncTaskDefinition definition, SinkTarget target, String liveLocation) {
        KafkaSinkSpec spec = definition.sink().kafka();
        List<KafkaSink.Topic> sinkTopics = spec.topics().stream()
                .map(topic -> new KafkaSink.Topic(topics.fullName(topic.topic()), topic.format())).toList();
        Map<String, Object> producer = producerProperties(taskId, definition.options().batchTimeoutMillis());
        return new KafkaSink(sinkTopics, () -> new KafkaProducer<>(producer), admin,
                String.valueOf(producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)), tombstones(definition, sinkTopics));
    }

    /** A task whose filter can drop a Thing tombstones a state topic's key only where it published it. */
    private TombstoneGuard tombstones(SyncTaskDefinition definition, List<KafkaSink.Topic> sinkTopics) {
        boolean dropsThings = !definition.filter().conditions().isEmpty()
                              || !definition.filter().eventTypes().isEmpty();
        Set<String> state = sinkTopics.stream().filter(topic -> topic.format() == KafkaFormat.STATE)
                .map(KafkaSink.Topic::name).collect(Collectors.toSet());
        return dropsThings && !state.isEmpty() ? new TombstoneGuard(publishedKeys, state) : TombstoneGuard.none();
    }

    private Map<String, Object> producerProperties(String taskId, long batchTimeoutMillis) {
        Map<String, Object> properties = new HashMap<>(kafka.buildProducerProperties(null));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "dovetail-task-" + taskId);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // a send that cannot even find the topic's leader must fail within the batch's own time limit
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, batchTimeoutMillis);
        return properties;
    }
}
