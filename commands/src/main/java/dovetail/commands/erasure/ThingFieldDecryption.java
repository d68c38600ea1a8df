package dovetail.commands.erasure;

import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * The last upcaster of the chain: a Thing event's encrypted fields read decrypted, or null once the Thing was erased.
 * Being in the chain, it reaches every reader: aggregates, processors, histories, the payload as stored the Kafka
 * sink publishes, dead letters, and the Thing's snapshots (Axon reads a snapshot through the chain too). A payload
 * with nothing encrypted is passed on as read (one scan of its bytes).
 */
public final class ThingFieldDecryption extends SingleEventUpcaster {

    private final ThingFieldEncryption encryption;

    public ThingFieldDecryption(ThingFieldEncryption encryption) {
        this.encryption = encryption;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return ThingFieldEncryption.ENCRYPTED_TYPE_NAMES.contains(event.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(event.getType(), byte[].class, encryption::decrypt);
    }
}
