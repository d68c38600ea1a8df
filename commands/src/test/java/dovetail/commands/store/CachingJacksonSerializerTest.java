package dovetail.commands.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingUpdated;
import java.time.Instant;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class CachingJacksonSerializerTest {

    private final CachingJacksonSerializer caching = CachingJacksonSerializer.of(JacksonSerializer.builder()
            .objectMapper(new ObjectMapper()).converter(new ChainingConverter()));
    private final JacksonSerializer plain = JacksonSerializer.builder().objectMapper(new ObjectMapper())
            .converter(new ChainingConverter()).build();

    @Test
    void readsWhatAxonsSerializerReadsTimeAfterTime() {
        Instant now = Instant.parse("2026-11-26T10:00:00.123456Z");
        List<Object> values = List.of(new ThingCreated("1", "lamp", 2.5, now, 1),
                new ThingUpdated("1", "lamp", 3.5, now, now.plusSeconds(1), 2), new ThingDeleted("1", now, 3),
                MetaData.with("traceId", "abc").and("n", 7));
        for (int round = 0; round < 3; round++) {
            for (Object value : values) {
                SerializedObject<byte[]> bytes = plain.serialize(value, byte[].class);
                Object read = caching.deserialize(bytes);
                assertThat(read).isEqualTo(plain.deserialize(bytes)).isEqualTo(value);
                assertThat(caching.classForType(bytes.getType())).isEqualTo(value.getClass());
            }
        }
    }

    @Test
    void aClassThatIsMissingStaysUnknownAndAnEmptyTypeReadsAsNothing() {
        SimpleSerializedType missing = new SimpleSerializedType("dovetail.domain.NoSuchEvent", null);
        SerializedObject<byte[]> unknown = new SimpleSerializedObject<>("{\"a\":1}".getBytes(), byte[].class, missing);
        for (int round = 0; round < 2; round++) {
            assertThat(caching.classForType(missing)).isEqualTo(UnknownSerializedType.class);
            assertThat((Object) caching.deserialize(unknown)).isInstanceOf(UnknownSerializedType.class);
        }
        SerializedObject<byte[]> empty = new SimpleSerializedObject<>(new byte[0], byte[].class,
                SimpleSerializedType.emptyType());
        assertThat((Object) caching.deserialize(empty)).isNull();
        assertThat(caching.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
    }
}
