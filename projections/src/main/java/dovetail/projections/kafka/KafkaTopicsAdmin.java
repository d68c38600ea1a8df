package dovetail.projections.kafka;

import dovetail.domain.synctask.KafkaFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a Kafka sink writes, when they do not exist: partitions and replication from the deployment's
 * settings, cleanup policy from the format ({@code compact} for state, so the latest record per Thing is kept;
 * {@code delete} for events). Topics that exist are left as they are.
 */
public final class KafkaTopicsAdmin {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopicsAdmin.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> adminProperties;
    private final KafkaTopicsProperties properties;

    public KafkaTopicsAdmin(Map<String, Object> adminProperties, KafkaTopicsProperties properties) {
        this.adminProperties = new HashMap<>(adminProperties);
        this.adminProperties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.adminProperties.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.properties = properties;
    }

    public void ensure(List<KafkaSink.Topic> topics) {
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (KafkaSink.Topic topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(newTopic(topic));
                }
            }
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created Kafka topic {}", created.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new KafkaDeliveryFailure("Kafka at " + adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " could not create topics " + topics + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaDeliveryFailure("Kafka at " + adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " unreachable: no answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaDeliveryFailure("Interrupted while creating topics " + topics, e);
        }
    }

    /** A topic as this deployment creates it. */
    public NewTopic newTopic(KafkaSink.Topic topic) {
        Map<String, String> configs = new HashMap<>();
        if (topic.format() == KafkaFormat.STATE) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            if (properties.eventsRetention() != null) {
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(properties.eventsRetention().toMillis()));
            }
        }
        return new NewTopic(topic.name(), properties.partitions(), properties.replicationFactor()).configs(configs);
    }
}
