package dovetail.projections.synctask;

import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterEventEntry;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterJpaConverter;
import org.axonframework.eventhandling.deadletter.jpa.EventMessageDeadLetterJpaConverter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * A dead letter's event read as the store's readers read events: through the upcaster chain. A letter holds its
 * event's payload at the revision it was parked with, so one parked by an older release is read at today's
 * revision here, as the event it stands for is read from the store (Axon's own conversion reads it as parked).
 * A letter is parked with its payload as the store holds it, serialized again from the event: an event read from the
 * store carries its payload as read, with a Thing's protected fields decrypted, and those must never be stored in
 * clear (nor outlive the Thing's erasure in a letter).
 */
final class UpcastingDeadLetters implements DeadLetterJpaConverter<EventMessage<?>> {

    private final EventMessageDeadLetterJpaConverter axon = new EventMessageDeadLetterJpaConverter();
    private final EventUpcaster upcasters;

    UpcastingDeadLetters(EventUpcaster upcasters) {
        this.upcasters = upcasters;
    }

    @Override
    public DeadLetterEventEntry convert(EventMessage<?> message, Serializer eventSerializer,
                                        Serializer genericSerializer) {
        DeadLetterEventEntry entry = axon.convert(message, eventSerializer, genericSerializer);
        if (message.getPayload() == null) {
            return entry;
        }
        SerializedObject<byte[]> stored = eventSerializer.serialize(message.getPayload(), byte[].class);
        SimpleSerializedObject<byte[]> token = entry.getTrackingToken();
        return new DeadLetterEventEntry(entry.getMessageType(), entry.getEventIdentifier(), entry.getTimeStamp(),
                stored.getType().getName(), stored.getType().getRevision(), stored.getData(),
                entry.getMetaData().getData(), entry.getType(), entry.getAggregateIdentifier(),
                entry.getSequenceNumber(), token == null ? null : token.getType().getName(),
                token == null ? null : token.getData());
    }

    @Override
    public EventMessage<?> convert(DeadLetterEventEntry entry, Serializer eventSerializer,
                                   Serializer genericSerializer) {
        return axon.convert(upcast(entry, eventSerializer), eventSerializer, genericSerializer);
    }

    @Override
    public boolean canConvert(DeadLetterEventEntry entry) {
        return axon.canConvert(entry);
    }

    @Override
    public boolean canConvert(EventMessage<?> message) {
        return axon.canConvert(message);
    }

    /** The letter with its payload at the current revision; the letter itself when the chain changes nothing. */
    private DeadLetterEventEntry upcast(DeadLetterEventEntry entry, Serializer eventSerializer) {
        SimpleSerializedObject<byte[]> payload = entry.getPayload();
        byte[] metaData = entry.getMetaData().getData();
        Long sequenceNumber = entry.getSequenceNumber();
        IntermediateEventRepresentation parked = new InitialEventRepresentation(new GenericDomainEventEntry<>(
                entry.getType(), entry.getAggregateIdentifier(), sequenceNumber == null ? 0 : sequenceNumber,
                entry.getEventIdentifier(), entry.getTimeStamp(), payload.getType().getName(),
                payload.getType().getRevision(), payload.getData(), metaData), eventSerializer);
        List<IntermediateEventRepresentation> read = upcasters.upcast(Stream.of(parked)).toList();
        if (read.size() != 1 || read.get(0) == parked) {
            return entry;
        }
        IntermediateEventRepresentation current = read.get(0);
        SimpleSerializedObject<byte[]> token = entry.getTrackingToken();
        return new DeadLetterEventEntry(entry.getMessageType(), entry.getEventIdentifier(), entry.getTimeStamp(),
                current.getType().getName(), current.getType().getRevision(),
                current.getData(byte[].class).getData(), metaData, entry.getType(), entry.getAggregateIdentifier(),
                sequenceNumber, token == null ? null : token.getType().getName(),
                token == null ? null : token.getData());
    }
}
