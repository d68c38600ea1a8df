package dovetail.commands.erasure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dovetail.domain.store.ByteSearch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.SecretKey;

/**
 * The protected fields of a Thing event's JSON, encrypted and decrypted in place. An encrypted value is the JSON
 * string {@code "ek1:<base64 of nonce, ciphertext and tag>"}; its plaintext is the value's JSON exactly as the mapper
 * wrote it, so decrypting puts back the very bytes that were encrypted, and every other byte of the payload (field
 * order, number text) is never rewritten. The Thing's id (the payload's {@code id}) picks the data key and is bound
 * into every value. A value whose key is gone (the Thing was erased) reads as {@code null}.
 */
final class EncryptedFields {

    static final String PREFIX = "ek1:";
    private static final byte[] MARKER = ("\"" + PREFIX).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = new JsonFactory();

    private final Set<String> fields;

    EncryptedFields(Set<String> fields) {
        this.fields = Set.copyOf(fields);
    }

    /** The payload with every protected field's value (null left as it is) encrypted with the Thing's key. */
    byte[] encrypt(byte[] json, Function<String, SecretKey> keyOfThing) {
        Parsed parsed = parse(json, false);
        if (parsed.values.isEmpty()) {
            return json;
        }
        SecretKey key = null;
        List<byte[]> replacements = new ArrayList<>();
        for (Span value : parsed.values) {
            if (value.isNull(json) || value.encrypted) {
                replacements.add(null);
                continue;
            }
            if (key == null) {
                key = keyOfThing.apply(parsed.id);
            }
            byte[] sealed = Aead.seal(key, parsed.id, java.util.Arrays.copyOfRange(json, value.start, value.end));
            replacements.add(("\"" + PREFIX + Base64.getEncoder().encodeToString(sealed) + "\"")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return splice(json, parsed.values, replacements);
    }

    /** The payload with every encrypted value decrypted, or null where the Thing's key is gone. */
    byte[] decrypt(byte[] json, Function<String, Optional<SecretKey>> keyOfThing) {
        if (ByteSearch.indexOf(json, MARKER) < 0) {
            return json;
        }
        Parsed parsed = parse(json, true);
        Optional<SecretKey> key = null;
        List<byte[]> replacements = new ArrayList<>();
        for (Span value : parsed.values) {
            if (!value.encrypted) {
                replacements.add(null);
                continue;
            }
            if (key == null) {
                key = keyOfThing.apply(parsed.id);
            }
            replacements.add(key.isEmpty() ? NULL : Aead.open(key.get(), parsed.id, Base64.getDecoder().decode(
                    new String(json, value.start + MARKER.length, value.end - value.start - MARKER.length - 1,
                            StandardCharsets.US_ASCII))));
        }
        return splice(json, parsed.values, replacements);
    }

    /** Whether the payload holds an encrypted value (without parsing it). */
    static boolean hasEncryptedValue(byte[] json) {
        return ByteSearch.indexOf(json, MARKER) >= 0;
    }

    /** Where a protected field's value lies in the payload: bytes {@code start} (inclusive) to {@code end}. */
    private record Span(int start, int end, boolean encrypted) {
        boolean isNull(byte[] json) {
            return end - start == 4 && json[start] == 'n';
        }
    }

    private record Parsed(String id, List<Span> values) {
    }

    /** The id and the protected values; {@code anyField}: every scalar, as a field protected earlier may be no more. */
    private Parsed parse(byte[] json, boolean anyField) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("A Thing event's payload is not a JSON object");
            }
            String id = null;
            List<Span> values = new ArrayList<>();
            int pendingStart = -1;
            boolean pendingEncrypted = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                int tokenStart = (int) parser.currentTokenLocation().getByteOffset();
                if (pendingStart >= 0) {
                    values.add(new Span(pendingStart, valueEnd(json, tokenStart), pendingEncrypted));
                    pendingStart = -1;
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                    id = parser.getText();
                }
                if ((anyField || fields.contains(name)) && !"id".equals(name) && value.isScalarValue()) {
                    pendingStart = (int) parser.currentTokenLocation().getByteOffset();
                    pendingEncrypted = value == JsonToken.VALUE_STRING && parser.getText().startsWith(PREFIX);
                } else if (value.isStructStart()) {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("A Thing event's payload is not one JSON object");
            }
            if (pendingStart >= 0) {
                values.add(new Span(pendingStart,
                        valueEnd(json, (int) parser.currentTokenLocation().getByteOffset()), pendingEncrypted));
            }
            if (id == null && !values.isEmpty()) {
                throw new IllegalArgumentException("A Thing event's payload has no id");
            }
            return new Parsed(id, values);
        } catch (IOException e) {
            throw new UncheckedIOException("A Thing event's payload is not JSON", e);
        }
    }

    /** The end of a value followed by the token at {@code next}: before the separating comma and any whitespace. */
    private static int valueEnd(byte[] json, int next) {
        int end = next;
        while (end > 0 && isWhitespace(json[end - 1])) {
            end--;
        }
        if (end > 0 && json[end - 1] == ',') {
            end--;
        }
        while (end > 0 && isWhitespace(json[end - 1])) {
            end--;
        }
        return end;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static byte[] splice(byte[] json, List<Span> values, List<byte[]> replacements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64);
        int from = 0;
        for (int i = 0; i < values.size(); i++) {
            byte[] replacement = replacements.get(i);
            if (replacement == null) {
                continue;
            }
            Span value = values.get(i);
            out.write(json, from, value.start - from);
            out.writeBytes(replacement);
            from = value.end;
        }
        if (from == 0) {
            return json;
        }
        out.write(json, from, json.length - from);
        return out.toByteArray();
    }
}
