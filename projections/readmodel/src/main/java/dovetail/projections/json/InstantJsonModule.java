package dovetail.projections.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads (and, where asked, writes) {@link Instant}s as Jackson's Java-time module does, the common form through
 * {@link Instants}. Registered after that module, it takes its place for {@code Instant}:
 * <ul>
 *   <li>reading, a text in {@link Instant#toString()}'s form is parsed directly; anything else (numbers, other
 *   forms, a property with a {@code @JsonFormat} of its own) goes to the module's own deserializer unchanged;</li>
 *   <li>writing ({@link #withWriter()}, for mappers that write instants as text, never as numbers), the same text
 *   as the module's.</li>
 * </ul>
 */
public final class InstantJsonModule extends SimpleModule {

    private InstantJsonModule(boolean writer) {
        super(writer ? "dovetail-instants-read-write" : "dovetail-instants");
        addDeserializer(Instant.class, new CanonicalInstantDeserializer(InstantDeserializer.INSTANT));
        if (writer) {
            addSerializer(Instant.class, new TextInstantSerializer());
        }
    }

    /** For the application's mapper (and so the event store's payloads): reading only. */
    public static InstantJsonModule reader() {
        return new InstantJsonModule(false);
    }

    /** For a mapper of Dovetail's own that writes instants as text (with dates as timestamps disabled). */
    public static InstantJsonModule withWriter() {
        return new InstantJsonModule(true);
    }

    private static final class CanonicalInstantDeserializer extends StdDeserializer<Instant>
            implements ContextualDeserializer {

        private final JsonDeserializer<?> general;

        CanonicalInstantDeserializer(JsonDeserializer<?> general) {
            super(Instant.class);
            this.general = general;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = Instants.parseCanonical(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return (Instant) general.deserialize(parser, context);
        }

        /** A property read in a way of its own (a {@code @JsonFormat}) is left to the general deserializer. */
        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = ((ContextualDeserializer) general).createContextual(context, property);
            return contextual == general ? this : contextual;
        }
    }

    private static final class TextInstantSerializer extends StdSerializer<Instant> {

        TextInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(Instants.format(value));
        }
    }
}
