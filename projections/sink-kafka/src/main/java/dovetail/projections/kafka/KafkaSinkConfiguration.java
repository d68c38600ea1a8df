package dovetail.projections.kafka;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The deployment's Kafka topic settings ({@code dovetail.kafka.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaTopicsProperties.class)
class KafkaSinkConfiguration {
}
