package dovetail.domain.thing;

import java.util.ArrayList;
import java.util.List;

/** The field rules every Thing command shares, so each entry point and the aggregate judge input alike. */
public final class ThingRules {

    public static final int MAX_NAME_LENGTH = 200;

    private ThingRules() {
    }

    /** The trimmed name clients mean, or null when there is none. */
    public static String normalizeName(String name) {
        return name == null ? null : name.strip();
    }

    public static List<Problem> checkContent(String name, Double foo) {
        List<Problem> problems = new ArrayList<>();
        String trimmed = normalizeName(name);
        if (trimmed == null || trimmed.isEmpty()) {
            problems.add(new Problem("name", "must not be blank"));
        } else if (textProblem(trimmed) != null) {
            problems.add(new Problem("name", textProblem(trimmed)));
        } else if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_LENGTH) {
            problems.add(new Problem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (foo == null) {
            problems.add(new Problem("foo", "is required"));
        } else if (!Double.isFinite(foo)) {
            problems.add(new Problem("foo", "must be a finite number"));
        }
        return problems;
    }

    /**
     * Why {@code text} is not a single line of valid Unicode text, or null when it is: an unpaired UTF-16 surrogate
     * cannot be written as UTF-8 (PostgreSQL would store {@code ?}, Meilisearch refuses the JSON), and a control
     * character (Unicode category Cc: NUL, tab, line breaks, DEL, C1 controls) has no place in a one-line name.
     */
    public static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text: it holds an unpaired surrogate (U+" + hex(c) + ") at character "
                       + (i + 1);
            } else if (Character.getType(c) == Character.CONTROL) {
                return "must not hold control characters: it holds U+" + hex(c) + " at character " + (i + 1);
            }
        }
        return null;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    public static List<Problem> checkId(String id) {
        return ThingId.parse(id).isPresent()
                ? List.of()
                : List.of(new Problem("id", "must be a non-negative integer"));
    }

    public static List<Problem> checkVersion(String field, Long version) {
        if (version == null) {
            return List.of(new Problem(field, "is required"));
        }
        return version < 0 ? List.of(new Problem(field, "must not be negative")) : List.of();
    }
}
