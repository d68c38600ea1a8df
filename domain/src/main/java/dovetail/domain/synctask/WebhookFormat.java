package dovetail.domain.synctask;

/**
 * What a webhook task posts for each change: {@code EVENTS}, the event in the Kafka events topic's envelope; or
 * {@code STATE}, the Thing's state in the legacy shape as the Kafka state topic carries it, a deletion record once
 * it is gone.
 */
public enum WebhookFormat {
    EVENTS, STATE
}
