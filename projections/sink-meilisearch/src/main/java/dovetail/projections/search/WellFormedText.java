package dovetail.projections.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text made valid Unicode for Meilisearch, which refuses JSON holding an unpaired UTF-16 surrogate (and with it every
 * document indexed in the same batch). Dovetail refuses such text at every entry point, but an older release stored
 * some in the event store, and replaying those events must not fail: each unpaired surrogate becomes U+FFFD, the
 * replacement character, as a UTF-8 decoder would make of it.
 */
final class WellFormedText {

    private WellFormedText() {
    }

    /** The document itself when all its text is valid (the usual case, checked without copying), else a copy. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> document(Map<String, Object> document) {
        return needsRepair(document) ? (Map<String, Object>) repair(document) : document;
    }

    static String text(String text) {
        StringBuilder repaired = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                             && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (repaired != null) {
                    repaired.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (repaired == null) {
                    repaired = new StringBuilder(text.length()).append(text, 0, i);
                }
                repaired.append('\uFFFD');
            } else if (repaired != null) {
                repaired.append(c);
            }
        }
        return repaired == null ? text : repaired.toString();
    }

    private static boolean needsRepair(Object value) {
        if (value instanceof String text) {
            return hasSurrogate(text) && !text(text).equals(text);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (needsRepair(entry.getKey()) || needsRepair(entry.getValue())) {
                    return true;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                if (needsRepair(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object repair(Object value) {
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> copy.put((String) repair(key), repair(element)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(repair(element)));
            return copy;
        }
        return value;
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
