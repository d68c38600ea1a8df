package dovetail.projections.kafka;

import dovetail.domain.synctask.KafkaFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
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
    private static final long LEADER_POLL_MILLIS = 10;

    private final Map<String, Object> adminProperties;
    private final KafkaTopicsProperties properties;

    public KafkaTopicsAdmin(Map<String, Object> adminProperties, KafkaTopicsProperties properties) {
        this.adminProperties = new HashMap<>(adminProperties);
        this.adminProperties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.adminProperties.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.properties = properties;
    }

    /** Creates the topics missing, and returns once their partitions' leaders serve them: with the names it created. */
    public Set<String> ensure(List<KafkaSink.Topic> topics) {
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (KafkaSink.Topic topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(newTopic(topic));
                }
            }
            Map<TopicPartition, OffsetSpec> created = new HashMap<>();
            for (var creation : admin.createTopics(missing).values().entrySet()) {
                try {
                    creation.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created Kafka topic {}", creation.getKey());
                    for (int partition = 0; partition < properties.partitions(); partition++) {
                        created.put(new TopicPartition(creation.getKey(), partition), OffsetSpec.latest());
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, created);
            Set<String> names = new HashSet<>();
            created.keySet().forEach(partition -> names.add(partition.topic()));
            return names;
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

    /**
     * Waits until every partition of the topics just created answers as led. A broker announces a new partition's
     * leader in its metadata a moment before that leader serves it: a producer's first batch sent then is refused
     * ({@code NOT_LEADER_OR_FOLLOWER}) while its next one, already in flight, is taken, and an idempotent producer
     * then retries the first one as out of order until it gives up. Listing the partitions' offsets is answered only
     * by a serving leader; it is asked again until they all answer.
     */
    private static void awaitLeaders(Admin admin, Map<TopicPartition, OffsetSpec> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!partitions.isEmpty()) {
            try {
                admin.listOffsets(partitions).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                // the admin client may not know the new topics yet, or their leaders not serve them yet: ask again
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(LEADER_POLL_MILLIS);
            }
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
