package dovetail.commands.erasure;

import dovetail.commands.store.CachingJacksonSerializer;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * The application's serializer, writing the protected fields of a Thing event encrypted with the Thing's data key.
 * Everything else it serializes (other events, tokens, metadata, dead letters' bookkeeping) it writes as Jackson does.
 */
public class EncryptingJacksonSerializer extends CachingJacksonSerializer {

    private final ThingFieldEncryption encryption;

    public EncryptingJacksonSerializer(Builder builder, ThingFieldEncryption encryption) {
        super(builder);
        this.encryption = encryption;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (!encryption.encrypts(object)) {
            return super.serialize(object, expectedRepresentation);
        }
        SerializedObject<byte[]> plain = super.serialize(object, byte[].class);
        return getConverter().convert(new SimpleSerializedObject<>(encryption.encrypt(plain.getData()), byte[].class,
                plain.getType()), expectedRepresentation);
    }
}
