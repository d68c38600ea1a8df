package dovetail.domain.thing;

import java.util.Optional;

/** A Thing's identifier: a non-negative 64-bit integer, written as a decimal string everywhere outside Java. */
public record ThingId(long value) {

    public ThingId {
        if (value < 0) {
            throw new IllegalArgumentException("a Thing id is never negative");
        }
    }

    /** Parses a decimal id as clients send it; empty when the text is not a non-negative 64-bit integer. */
    public static Optional<ThingId> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new ThingId(Long.parseLong(text)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
