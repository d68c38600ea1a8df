package dovetail.domain.store;

import java.nio.charset.StandardCharsets;

/**
 * The W3C trace context an event was appended in, as its metadata holds it under {@link #KEY}
 * ({@code 00-<trace id>-<span id>-<flags>}, lower-case hex), and as Kafka records and webhook calls carry it on.
 */
public final class TraceParent {

    /** The metadata key, and the header name, of an event's trace context. */
    public static final String KEY = "traceparent";
    /** A traceparent's length: version, trace id, span id and flags with their dashes. */
    public static final int LENGTH = 55;
    private static final byte[] STORED_KEY = ("\"" + KEY + "\":\"").getBytes(StandardCharsets.US_ASCII);

    private TraceParent() {
    }

    /**
     * Whether {@code value} is a traceparent of the version this reads: {@code 00-}, 32, 16 and 2 lower-case hex
     * digits separated by dashes. Checked by hand rather than by a pattern: it runs for every event a task delivers.
     */
    public static boolean valid(Object value) {
        if (!(value instanceof String text) || text.length() != LENGTH || !text.startsWith("00-")) {
            return false;
        }
        for (int i = 3; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean dash = i == 35 || i == 52;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The trace id in {@code value}, or null when it is not a traceparent. */
    public static String traceIdOf(Object value) {
        return valid(value) ? ((String) value).substring(3, 35) : null;
    }

    /**
     * The traceparent in an event's metadata as the store holds it (compact JSON), found in the bytes without reading
     * them into a map (which costs as much per event as a Kafka record's whole encoding); null when there is none or
     * it is malformed. The key cannot occur inside another value: a quote in a JSON string is escaped.
     */
    public static String inStoredMetadata(byte[] json) {
        int at = ByteSearch.indexOf(json, STORED_KEY);
        int start = at + STORED_KEY.length;
        if (at < 0 || start + LENGTH >= json.length || json[start + LENGTH] != '"') {
            return null;
        }
        String value = new String(json, start, LENGTH, StandardCharsets.US_ASCII);
        return valid(value) ? value : null;
    }
}
