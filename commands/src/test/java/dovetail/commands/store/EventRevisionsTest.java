package dovetail.commands.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.store.StoredEvents;
import dovetail.domain.synctask.SyncTaskPaused;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** The upcaster chain on payloads as older releases stored them, with the Thing's earlier events stood in for. */
class EventRevisionsTest {

    private static final String CREATED = "2024-05-01T10:00:00Z";
    private static final String UPDATED = "2024-06-01T10:00:00.250Z";
    /** How the first release stored an update: no createdOn, and no revision. */
    private static final String FIRST_RELEASE_UPDATE =
            "{\"id\":\"42\",\"name\":\"lamp \\ud800\",\"foo\":2.5,\"updatedOn\":\"" + UPDATED + "\",\"version\":3}";

    private final Serializer serializer = CachingJacksonSerializer.of(JacksonSerializer.builder()
            .objectMapper(new ObjectMapper()).converter(new ChainingConverter()));
    private final List<String> asked = new ArrayList<>();
    private final EventUpcaster chain = EventRevisions.chain((thingId, sequenceNumber) -> {
        asked.add(thingId + "@" + sequenceNumber);
        return thingId.equals("42") ? Optional.of(CREATED) : Optional.empty();
    });

    @Test
    void anUpdateWithoutCreatedOnAndWithoutRevisionGetsTheThingsCreationTimeInTheCurrentShape() {
        IntermediateEventRepresentation read = upcast("42", 2, ThingUpdated.class, null, FIRST_RELEASE_UPDATE);

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat(json(read)).isEqualTo("{\"id\":\"42\",\"name\":\"lamp \\uD800\",\"foo\":2.5,\"createdOn\":\""
                + CREATED + "\",\"updatedOn\":\"" + UPDATED + "\",\"version\":3}");
        assertThat(asked).containsExactly("42@2");
        ThingUpdated event = serializer.deserialize(read.getData());
        assertThat(event.createdOn()).isEqualTo(Instant.parse(CREATED));
        assertThat(event.updatedOn()).isEqualTo(Instant.parse(UPDATED));
        assertThat(event.name()).isEqualTo("lamp \ud800");
    }

    @Test
    void revisionOneStoredWithItsNumberIsUpcastAlike() {
        IntermediateEventRepresentation read = upcast("42", 5, ThingUpdated.class, "1", FIRST_RELEASE_UPDATE);

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat(((ThingUpdated) serializer.deserialize(read.getData())).createdOn())
                .isEqualTo(Instant.parse(CREATED));
        assertThat(asked).containsExactly("42@5");
    }

    @Test
    void anUpdateWhoseThingHasNoEarlierCreationTimeIsDatedByItsOwnTime() {
        String payload = FIRST_RELEASE_UPDATE.replace("\"42\"", "\"7\"");

        IntermediateEventRepresentation read = upcast("7", 1, ThingUpdated.class, null, payload);

        assertThat(((ThingUpdated) serializer.deserialize(read.getData())).createdOn())
                .isEqualTo(Instant.parse(UPDATED));
    }

    @Test
    void anUpdateThatHoldsItsCreationTimeKeepsItsPayloadByteForByte() {
        String stored = "{\"id\":\"42\",\"name\":\"lamp \\ud800\",\"foo\":2.0,\"createdOn\":\"2020-01-01T00:00:00Z\","
                        + "\"updatedOn\":\"" + UPDATED + "\",\"version\":3}";

        IntermediateEventRepresentation read = upcast("42", 2, ThingUpdated.class, null, stored);

        assertAsStored(read, "2", stored);
        assertThat(asked).isEmpty();
    }

    @Test
    void everyOtherTypeStoredWithoutRevisionIsItsFirstRevisionAsStored() {
        String created = "{\"id\":\"42\",\"name\":\"lamp\",\"foo\":2.5,\"createdOn\":\"" + CREATED
                         + "\",\"version\":1}";
        String paused = "{\"id\":\"things-search\",\"at\":\"" + CREATED + "\"}";

        IntermediateEventRepresentation thing = upcast("42", 0, ThingCreated.class, null, created);
        IntermediateEventRepresentation task = upcast("things-search", 4, SyncTaskPaused.class, null, paused);

        assertAsStored(thing, StoredEvents.FIRST_REVISION, created);
        assertAsStored(task, StoredEvents.FIRST_REVISION, paused);
        assertThat(asked).isEmpty();
    }

    @Test
    void eventsAtTheirCurrentRevisionAndTypesThatAreNotEventsPassUntouched() {
        String current = "{\"id\":\"42\",\"name\":\"lamp\",\"foo\":2.5,\"createdOn\":null,\"updatedOn\":\"" + UPDATED
                         + "\",\"version\":3}";

        IntermediateEventRepresentation update = upcast("42", 2, ThingUpdated.class, "2", current);
        IntermediateEventRepresentation other = upcast("42", 2, String.class, null, "\"text\"");

        assertAsStored(update, "2", current);
        assertAsStored(other, null, "\"text\"");
        assertThat(asked).isEmpty();
    }

    private IntermediateEventRepresentation upcast(String aggregate, long sequence, Class<?> type, String revision,
                                                   String payload) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Thing", aggregate, sequence,
                "event-" + sequence, Instant.parse(UPDATED), type.getName(), revision, bytes(payload), bytes("{}"));
        List<IntermediateEventRepresentation> read = chain.upcast(Stream.of(
                new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    private static void assertAsStored(IntermediateEventRepresentation event, String revision, String payload) {
        assertThat(event.getType().getRevision()).isEqualTo(revision);
        assertThat(json(event)).isEqualTo(payload);
    }

    private static String json(IntermediateEventRepresentation event) {
        return new String(event.getData(byte[].class).getData(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
