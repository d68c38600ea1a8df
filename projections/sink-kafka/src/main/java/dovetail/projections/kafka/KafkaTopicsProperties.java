package dovetail.projections.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Dovetail names and creates its Kafka topics. Every topic name gets {@code topicPrefix} in front, so several
 * deployments (or test classes) can share one cluster. A topic that does not exist is created with
 * {@code partitions} and {@code replicationFactor}; an events topic with cleanup policy {@code delete} and
 * {@code eventsRetention} (empty: the broker's default), a state topic with {@code compact}. Existing topics are
 * left as they are. {@code builtInTask} creates {@code things-kafka} at start.
 */
@Validated
@ConfigurationProperties("dovetail.kafka")
public record KafkaTopicsProperties(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]*", message = "may hold only A-Z a-z 0-9 . _ -") @DefaultValue("") String topicPrefix,
        @DefaultValue("3") @Min(1) @Max(1000) int partitions,
        @DefaultValue("1") @Min(1) @Max(10) short replicationFactor,
        Duration eventsRetention,
        @DefaultValue("true") boolean builtInTask) {

    public KafkaTopicsProperties {
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }

    public String fullName(String topic) {
        return topicPrefix + topic;
    }
}
