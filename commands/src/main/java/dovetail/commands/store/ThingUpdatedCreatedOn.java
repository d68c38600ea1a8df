package dovetail.commands.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dovetail.domain.thing.ThingUpdated;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link ThingUpdated} revision 1 to 2. Revision 2 always holds {@code createdOn}; the first release wrote updates
 * without it ({@code id, name, foo, updatedOn, version}), and a sink that writes a whole row or document from an
 * update then had no creation time to write: it failed on such an event every time, and the task stopped there.
 * The creation time filled in is the Thing's own, as its last earlier event that holds one says (its creation, an
 * import, or an update that carried it); when the store holds none, the update's own time, which the Thing was
 * created by at the latest. A revision-1 update that holds a creation time is revision 2 as it is stored: its bytes
 * are only scanned for the field, not rewritten.
 *
 * <p>The payload is rebuilt with its fields in the record's declared order, as the serializer writes a revision-2
 * update, so a reader of payloads as stored (the Kafka sink's) reads it as it reads a new one.
 */
final class ThingUpdatedCreatedOn extends SingleEventUpcaster {

    static final SerializedType REVISION_1 = new SimpleSerializedType(ThingUpdated.class.getName(), "1");
    static final SerializedType REVISION_2 = new SimpleSerializedType(ThingUpdated.class.getName(), "2");

    private static final String CREATED_ON = "createdOn";
    /** Trees only: the payload's values are copied as they are, never bound. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a Thing's creation time is found: in its events before a given one. */
    interface CreationTimes {

        /** The creation time (as stored text) the Thing's last event before {@code sequenceNumber} holds, if any. */
        Optional<String> before(String thingId, long sequenceNumber);
    }

    private final CreationTimes creationTimes;

    ThingUpdatedCreatedOn(CreationTimes creationTimes) {
        this.creationTimes = creationTimes;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return REVISION_1.equals(event.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        Optional<String> thingId = event.getAggregateIdentifier();
        long sequenceNumber = event.getSequenceNumber().orElse(Long.MAX_VALUE);
        return event.upcastPayload(REVISION_2, byte[].class,
                payload -> withCreatedOn(payload, thingId, sequenceNumber));
    }

    private byte[] withCreatedOn(byte[] payload, Optional<String> thingId, long sequenceNumber) {
        if (createdOn(payload) != null) {
            return payload;
        }
        try {
            if (!(JSON.readTree(payload) instanceof ObjectNode stored)) {
                return payload;
            }
            String createdOn = creationTimes.before(thingId.orElseGet(() -> stored.path("id").asText()),
                    sequenceNumber).orElseGet(() -> stored.path("updatedOn").textValue());
            ObjectNode upcasted = stored.objectNode();
            for (RecordComponent field : ThingUpdated.class.getRecordComponents()) {
                if (CREATED_ON.equals(field.getName())) {
                    upcasted.put(CREATED_ON, createdOn);
                } else if (stored.has(field.getName())) {
                    upcasted.set(field.getName(), stored.get(field.getName()));
                }
            }
            stored.fields().forEachRemaining(field -> upcasted.putIfAbsent(field.getKey(), field.getValue()));
            return JSON.writeValueAsBytes(upcasted);
        } catch (IOException e) {
            return payload; // not JSON: reading the event fails and says why
        }
    }

    /** A payload's top-level {@code createdOn}, as text; null when it holds none or is not JSON. */
    static String createdOn(byte[] payload) {
        try (JsonParser json = JSON.getFactory().createParser(payload)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (CREATED_ON.equals(field) && value == JsonToken.VALUE_STRING) {
                    return json.getText();
                }
                json.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
