package dovetail.projections.kafka;

/** Kafka did not acknowledge a batch (unreachable, too slow, or refused): the task retries it. */
public class KafkaDeliveryFailure extends RuntimeException {

    KafkaDeliveryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
