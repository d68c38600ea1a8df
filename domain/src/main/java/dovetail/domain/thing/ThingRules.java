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
