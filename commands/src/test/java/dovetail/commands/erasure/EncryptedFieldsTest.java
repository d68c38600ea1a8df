package dovetail.commands.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class EncryptedFieldsTest {

    private static final String CREATED =
            "{\"id\":\"7\",\"name\":\"Ada \\\"the\\\" Lovelace \\u00e9\",\"foo\":1.5E10,\"createdOn\":\"2026-01-01T00:00:00Z\",\"version\":1}";

    private final SecretKey key = newKey();
    private final EncryptedFields name = new EncryptedFields(Set.of("name"));

    @Test
    void aProtectedFieldIsStoredAsCiphertextAndReadBackByteForByte() {
        byte[] sealed = name.encrypt(bytes(CREATED), id -> key);

        String stored = new String(sealed, StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain("Lovelace").contains("\"name\":\"ek1:")
                .startsWith("{\"id\":\"7\",\"name\":").endsWith(",\"foo\":1.5E10,\"createdOn\":\"2026-01-01T00:00:00Z\",\"version\":1}");
        assertThat(new String(name.decrypt(sealed, id -> Optional.of(key)), StandardCharsets.UTF_8)).isEqualTo(CREATED);
    }

    @Test
    void anErasedThingsFieldsReadAsNull() {
        byte[] sealed = new EncryptedFields(Set.of("name", "foo")).encrypt(bytes(CREATED), id -> key);

        assertThat(new String(name.decrypt(sealed, id -> Optional.empty()), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"7\",\"name\":null,\"foo\":null,\"createdOn\":\"2026-01-01T00:00:00Z\",\"version\":1}");
    }

    @Test
    void aFieldProtectedEarlierIsStillDecryptedWhenTheConfigurationNoLongerNamesIt() {
        byte[] sealed = new EncryptedFields(Set.of("name", "foo")).encrypt(bytes(CREATED), id -> key);

        assertThat(new String(name.decrypt(sealed, id -> Optional.of(key)), StandardCharsets.UTF_8)).isEqualTo(CREATED);
    }

    @Test
    void aValueCopiedOntoAnotherThingDoesNotDecrypt() {
        String sealed = new String(name.encrypt(bytes(CREATED), id -> key), StandardCharsets.UTF_8);
        byte[] moved = bytes(sealed.replace("\"id\":\"7\"", "\"id\":\"8\""));

        assertThatThrownBy(() -> name.decrypt(moved, id -> Optional.of(key))).isInstanceOf(Aead.UndecryptableValue.class);
    }

    @Test
    void eachEncryptionUsesAFreshNonce() {
        assertThat(name.encrypt(bytes(CREATED), id -> key)).isNotEqualTo(name.encrypt(bytes(CREATED), id -> key));
    }

    @Test
    void plaintextPayloadsAndNullValuesAreLeftAsTheyAre() {
        byte[] plain = bytes(CREATED);
        assertThat(name.decrypt(plain, id -> Optional.of(key))).isSameAs(plain);
        byte[] nameless = bytes("{\"id\":\"7\",\"name\":null,\"version\":1}");
        assertThat(name.encrypt(nameless, id -> {
            throw new AssertionError("no key is needed for a null value");
        })).isSameAs(nameless);
    }

    @Test
    void theFieldLastInThePayloadAndWhitespaceAroundValuesAreHandled() {
        String spaced = "{ \"id\" : \"7\" , \"version\" : 2 , \"name\" : \"last\" }";
        byte[] sealed = name.encrypt(bytes(spaced), id -> key);
        assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain("last").endsWith("\" }");
        assertThat(new String(name.decrypt(sealed, id -> Optional.of(key)), StandardCharsets.UTF_8)).isEqualTo(spaced);
    }

    @Test
    void dataKeysAreWrappedForOneThingByTheKeyEncryptionKey() {
        KeyEncryptionKey kek = KeyEncryptionKey.parse("kek", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        byte[] wrapped = kek.wrap("7", key);

        assertThat(kek.unwrap("7", wrapped).getEncoded()).isEqualTo(key.getEncoded());
        assertThatThrownBy(() -> kek.unwrap("8", wrapped)).isInstanceOf(Aead.UndecryptableValue.class);
        assertThat(kek.id()).hasSize(16).isEqualTo(KeyEncryptionKey.parse("other", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").id());
    }

    @Test
    void aBadKeyEncryptionKeyIsRefusedWithAMessageThatDoesNotHoldIt() {
        Map<String, String> bad = Map.of("", "is not set", "not base64!", "is not base64", "c2hvcnQ=", "16, 24 or 32 byte");
        bad.forEach((value, message) -> assertThatThrownBy(() -> KeyEncryptionKey.parse("dovetail.erasure.key-encryption-key", value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(value.isEmpty() || !e.getMessage().contains(value)).isTrue()));
        assertThat(KeyEncryptionKey.parse("kek", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").toString())
                .doesNotContain("AAEC");
    }

    @Test
    void theFieldsMustIncludeNameAndNameOnlyThingContent() {
        assertThatThrownBy(() -> properties(java.util.List.of("foo"))).hasMessageContaining("must contain name");
        assertThatThrownBy(() -> properties(java.util.List.of("name", "version"))).hasMessageContaining("may contain only");
        assertThat(properties(java.util.List.of("name", "foo")).toString()).doesNotContain("AAEC");
    }

    private static ErasureProperties properties(java.util.List<String> fields) {
        return new ErasureProperties("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", java.util.List.of(), fields, true,
                10, java.time.Duration.ofMinutes(1));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
