package dovetail.domain.synctask;

/**
 * What a Kafka topic of a task carries: {@code EVENTS}, every event in an envelope (type, id, version, timestamp,
 * payload); or {@code STATE}, each Thing's latest state in the legacy shape, a tombstone once it is gone.
 */
public enum KafkaFormat {
    EVENTS, STATE
}
