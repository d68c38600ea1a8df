package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dovetail.domain.thing.ThingUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterEventEntry;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.junit.jupiter.api.Test;

/** A letter parked by an older release is read at today's revision; every other letter as Axon reads it. */
class UpcastingDeadLettersTest {

    private static final String CREATED = "2024-05-01T10:00:00Z";
    private static final String UPDATED = "2024-06-01T10:00:00Z";

    private final Serializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper())
            .converter(new ChainingConverter()).build();
    /** Stands for the application's chain: an update stored without a revision gains its creation time. */
    private final UpcastingDeadLetters letters = new UpcastingDeadLetters(new SingleEventUpcaster() {
        @Override
        protected boolean canUpcast(IntermediateEventRepresentation event) {
            return event.getType().getName().equals(ThingUpdated.class.getName())
                   && event.getType().getRevision() == null;
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
            return event.upcastPayload(new SimpleSerializedType(ThingUpdated.class.getName(), "2"), JsonNode.class,
                    payload -> ((ObjectNode) payload).put("createdOn", CREATED));
        }
    });

    @Test
    void aLetterParkedByAnOlderReleaseIsReadAtTheCurrentRevision() {
        DeadLetterEventEntry parked = letter(null,
                "{\"id\":\"42\",\"name\":\"lamp\",\"foo\":2.5,\"updatedOn\":\"" + UPDATED + "\",\"version\":3}");

        EventMessage<?> read = letters.convert(parked, serializer, serializer);

        assertThat(read.getPayload()).isEqualTo(new ThingUpdated("42", "lamp", 2.5, Instant.parse(CREATED),
                Instant.parse(UPDATED), 3));
        assertThat(read.getIdentifier()).isEqualTo("event-3");
        assertThat(((DomainEventMessage<?>) read).getSequenceNumber()).isEqualTo(3);
        assertThat(((GenericTrackedDomainEventMessage<?>) read).trackingToken())
                .isEqualTo(new GlobalSequenceTrackingToken(17));
        assertThat(read.getMetaData()).containsEntry("traceId", "old");
    }

    @Test
    void aLetterAtTheCurrentRevisionIsReadAsParked() {
        ThingUpdated event = new ThingUpdated("42", "lamp", 2.5, Instant.parse(CREATED), Instant.parse(UPDATED), 3);
        SerializedObject<byte[]> current = serializer.serialize(event, byte[].class);
        DeadLetterEventEntry parked = letter(current.getType().getRevision(),
                new String(current.getData(), StandardCharsets.UTF_8));

        EventMessage<?> read = letters.convert(parked, serializer, serializer);

        assertThat(current.getType().getRevision()).isEqualTo("2");
        assertThat(read.getPayload()).isEqualTo(event);
        assertThat(letters.convert(read, serializer, serializer).getPayload().getData()).isEqualTo(current.getData());
    }

    private DeadLetterEventEntry letter(String revision, String payload) {
        SerializedObject<byte[]> token = serializer.serialize(new GlobalSequenceTrackingToken(17), byte[].class);
        return new DeadLetterEventEntry(GenericTrackedDomainEventMessage.class.getName(), "event-3",
                Instant.parse(UPDATED).toString(), ThingUpdated.class.getName(), revision,
                payload.getBytes(StandardCharsets.UTF_8), "{\"traceId\":\"old\"}".getBytes(StandardCharsets.UTF_8),
                "Thing", "42", 3L, token.getType().getName(), token.getData());
    }
}
