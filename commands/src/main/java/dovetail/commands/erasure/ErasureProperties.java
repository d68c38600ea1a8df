package dovetail.commands.erasure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Crypto-shredding of the Thing fields that identify a person. The key-encryption key (and any previous ones, kept
 * while their data keys are re-wrapped) is a secret: it is checked when {@link ThingKeys} is made, at start, by a
 * message that never holds it, and it is never written out, not even by {@link #toString()}.
 *
 * @param keyEncryptionKey         base64 of a 16, 24 or 32 byte AES key that wraps every Thing's data key
 * @param previousKeyEncryptionKeys keys that wrapped data keys before the current one; re-wrapped at start
 * @param fields                   the Thing fields stored encrypted: {@code name}, and optionally {@code foo}
 * @param enabled                  whether new events are written encrypted (reading always decrypts)
 * @param keyCacheSize             data keys kept in memory
 * @param keyCacheTtl              how long a kept data key is used before it is read again (another instance may
 *                                 have erased it meanwhile)
 */
@ConfigurationProperties("dovetail.erasure")
public record ErasureProperties(String keyEncryptionKey, @DefaultValue List<String> previousKeyEncryptionKeys,
                                @DefaultValue("name") List<String> fields, @DefaultValue("true") boolean enabled,
                                @DefaultValue("100000") int keyCacheSize, @DefaultValue("1m") Duration keyCacheTtl) {

    /** The fields that may be stored encrypted: the content a person gave; id, times and version stay readable. */
    static final Set<String> ALLOWED_FIELDS = Set.of("name", "foo");

    public ErasureProperties {
        if (!fields.contains("name") || !ALLOWED_FIELDS.containsAll(fields)) {
            throw new IllegalArgumentException("dovetail.erasure.fields must contain name and may contain only "
                    + ALLOWED_FIELDS + ", not " + fields);
        }
        if (keyCacheSize < 0) {
            throw new IllegalArgumentException("dovetail.erasure.key-cache-size must not be negative");
        }
        previousKeyEncryptionKeys = List.copyOf(previousKeyEncryptionKeys);
        fields = List.copyOf(fields);
    }

    /** Without the keys: a configuration report or a log line must never show them. */
    @Override
    public String toString() {
        return "ErasureProperties[keyEncryptionKey=******, previousKeyEncryptionKeys=" + previousKeyEncryptionKeys.size()
                + " key(s), fields=" + fields + ", enabled=" + enabled + ", keyCacheSize=" + keyCacheSize
                + ", keyCacheTtl=" + keyCacheTtl + "]";
    }
}
