package dovetail.commands.erasure;

/** A key-encryption key that is missing or not an AES key; the message names the property, never the value. */
public final class InvalidKeyEncryptionKey extends IllegalArgumentException {

    InvalidKeyEncryptionKey(String message) {
        super(message);
    }
}
