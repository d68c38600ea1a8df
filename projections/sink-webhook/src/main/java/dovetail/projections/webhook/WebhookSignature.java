package dovetail.projections.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Dovetail-Signature} of a request: {@code sha256=} and the lower-case hex HMAC-SHA256 of the exact body
 * bytes, keyed with the task's secret (its UTF-8 bytes). A receiver computes the same over the body it read and
 * compares in constant time.
 */
final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String of(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot compute HMAC-SHA256", e);
        }
    }
}
