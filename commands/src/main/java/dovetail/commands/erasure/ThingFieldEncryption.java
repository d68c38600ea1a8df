package dovetail.commands.erasure;

import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the protected fields of Thing events are encrypted and decrypted: the serializer encrypts them as an event
 * is written ({@link EncryptingJacksonSerializer}), and the last upcaster of the chain every reader goes through
 * decrypts them ({@link ThingFieldDecryption}), so no reader of the store sees a ciphertext or needs a change.
 */
public class ThingFieldEncryption {

    /** The events that carry a Thing's content; the others hold only its id, times and version. */
    static final List<Class<?>> CONTENT_EVENTS = List.of(ThingCreated.class, ThingUpdated.class, ThingImported.class);
    static final Set<String> CONTENT_EVENT_NAMES = Set.copyOf(CONTENT_EVENTS.stream().map(Class::getName).toList());

    private final EncryptedFields fields;
    private final ThingKeys keys;
    private final boolean enabled;

    ThingFieldEncryption(ErasureProperties properties, ThingKeys keys) {
        this.fields = new EncryptedFields(new HashSet<>(properties.fields()));
        this.keys = keys;
        this.enabled = properties.enabled();
    }

    /** Whether {@code payload}, serialized, is written with its protected fields encrypted. */
    boolean encrypts(Object payload) {
        return enabled && payload != null && CONTENT_EVENTS.contains(payload.getClass());
    }

    byte[] encrypt(byte[] json) {
        return fields.encrypt(json, keys::forWrite);
    }

    byte[] decrypt(byte[] json) {
        return fields.decrypt(json, keys::forRead);
    }
}
