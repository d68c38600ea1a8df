package dovetail.commands.erasure;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key-encryption key: it wraps the Thing data keys ({@link Aead}, the Thing's id bound in), and is named by a
 * fingerprint (the first 8 bytes of its SHA-256, in hex) stored with each wrapped key, so that the key that wrapped a
 * row is known during a rotation. The key itself is never stored or written out.
 */
record KeyEncryptionKey(String id, SecretKey key) {

    static KeyEncryptionKey parse(String property, String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new InvalidKeyEncryptionKey(property + " is not set: give the base64 of a random 32-byte AES key"
                    + " (e.g. the output of `openssl rand -base64 32`), best from the environment"
                    + " (DOVETAIL_ERASURE_KEY_ENCRYPTION_KEY)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidKeyEncryptionKey(property + " is not base64 (the value is not shown)");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new InvalidKeyEncryptionKey(property + " must be the base64 of a 16, 24 or 32 byte AES key, not of "
                    + bytes.length + " bytes (the value is not shown)");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new KeyEncryptionKey(HexFormat.of().formatHex(digest, 0, 8), new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    byte[] wrap(String thingId, SecretKey dataKey) {
        return Aead.seal(key, thingId, dataKey.getEncoded());
    }

    SecretKey unwrap(String thingId, byte[] wrapped) {
        return new SecretKeySpec(Aead.open(key, thingId, wrapped), "AES");
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[" + id + "]";
    }
}
