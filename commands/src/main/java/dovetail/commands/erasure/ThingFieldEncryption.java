package dovetail.commands.erasure;

import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the protected fields of Thing events (and of Thing snapshots) are encrypted and decrypted: the serializer
 * encrypts them as an event or snapshot is written ({@link EncryptingJacksonSerializer}), and the last upcaster of the chain every reader goes through
 * decrypts them ({@link ThingFieldDecryption}), so no reader of the store sees a ciphertext or needs a change.
 */
public class ThingFieldEncryption {

    /** The events that carry a Thing's content; the others hold only its id, times and version. */
    static final List<Class<?>> CONTENT_EVENTS = List.of(ThingCreated.class, ThingUpdated.class, ThingImported.class);

    /**
     * The Thing aggregate, whose state a snapshot stores as JSON with the events' field names and its id: its protected
     * fields are encrypted with the same key, so erasing the Thing makes its snapshots unreadable too. Named, not
     * referenced: the aggregate is package-private to its own package, which depends on this one.
     */
    public static final String THING_SNAPSHOT = "dovetail.commands.thing.Thing";

    /** The stored payload types whose protected fields may be encrypted: the content events and the snapshot. */
    static final Set<String> ENCRYPTED_TYPE_NAMES = Stream.concat(CONTENT_EVENTS.stream().map(Class::getName),
            Stream.of(THING_SNAPSHOT)).collect(Collectors.toUnmodifiableSet());

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
        return enabled && payload != null
               && (CONTENT_EVENTS.contains(payload.getClass()) || THING_SNAPSHOT.equals(payload.getClass().getName()));
    }

    byte[] encrypt(byte[] json) {
        return fields.encrypt(json, keys::forWrite);
    }

    /**
     * A payload as stored, with its encrypted fields decrypted (null once the Thing was erased), as the last upcaster
     * hands it to every reader of the store.
     */
    public byte[] decrypt(byte[] json) {
        return fields.decrypt(json, keys::forRead);
    }
}
