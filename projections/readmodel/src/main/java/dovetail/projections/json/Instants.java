package dovetail.projections.json;

import com.ethlo.time.ITU;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants as RFC 3339 text in UTC, exactly as {@link Instant#toString()} writes them and {@link Instant#parse}
 * reads that form, through ITU's direct formatter and parser instead of {@code java.time}'s general one. Every event
 * a task delivers is read from its stored JSON and turned into documents and records holding its times as text; the
 * general formatter was a fifth of that work (see docs/benchmarks.md).
 */
public final class Instants {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@link Instant#toString()} writes with four digits. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;

    private Instants() {
    }

    /** The same text as {@link Instant#toString()}: the fraction with 0, 3, 6 or 9 digits, as few as it needs. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return instant.toString();
        }
        int nano = instant.getNano();
        int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        return ITU.formatUtc(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), digits);
    }

    /**
     * The instant of a text in the form {@link Instant#toString()} writes ({@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, one to
     * nine fraction digits), or null for any other text, which the caller then reads its general way.
     */
    public static Instant parseCanonical(String text) {
        if (!canonical(text)) {
            return null;
        }
        try {
            return ITU.parseDateTime(text).toInstant();
        } catch (DateTimeException e) {
            return null; // a day or time out of range: the general reader says what is wrong with it
        }
    }

    /**
     * Whether the text is exactly what {@link #format} writes for some instant: the canonical form, with 0, 3, 6 or 9
     * fraction digits and no group of three zeros at its end. Checks the form only, not the ranges of day and time.
     */
    public static boolean isFormatted(String text) {
        if (!canonical(text)) {
            return false;
        }
        int digits = text.length() == 20 ? 0 : text.length() - 21;
        return digits == 0 || digits % 3 == 0 && !text.startsWith("000", text.length() - 4);
    }

    private static boolean canonical(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z') {
            return false;
        }
        for (int i = 0; i < 19; i++) {
            char c = text.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        if (length == 20) {
            return true;
        }
        if (text.charAt(19) != '.') {
            return false;
        }
        for (int i = 20; i < length - 1; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
