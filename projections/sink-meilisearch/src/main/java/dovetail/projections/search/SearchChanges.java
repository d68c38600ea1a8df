package dovetail.projections.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.synctask.FieldTransform;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.SinkChange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a search task turns Thing changes into what Meilisearch takes: the Thing's document ({@link ThingDocument})
 * reshaped by the task's transform, keyed by the task's primary key, with its text made valid Unicode (an unpaired
 * surrogate, which an older release let into the event store, becomes U+FFFD), written as JSON; or the deletion of
 * the Thing's document; or why Meilisearch would refuse the document whatever the retry.
 */
final class SearchChanges {

    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String ID_RULE = "an integer, or 1..511 bytes of A-Z a-z 0-9 - _";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One change as Meilisearch takes it: a document as JSON under {@code documentId}, a deletion ({@code json} and
     * {@code refusal} null), or a document Meilisearch would refuse, with the reason.
     */
    record SearchChange(String thingId, String documentId, byte[] json, String refusal) {

        boolean deletion() {
            return json == null && refusal == null;
        }
    }

    /** The batch reduced to the last change per document: what one delivery sends. */
    record Collapsed(List<byte[]> upserts, List<String> upsertThings, List<String> deletes) {

        boolean isEmpty() {
            return upserts.isEmpty() && deletes.isEmpty();
        }

        int size() {
            return upserts.size() + deletes.size();
        }
    }

    private final String primaryKey;
    private final List<FieldTransform> transform;

    SearchChanges(String primaryKey, List<FieldTransform> transform) {
        this.primaryKey = primaryKey;
        this.transform = List.copyOf(transform);
    }

    String primaryKey() {
        return primaryKey;
    }

    /** Whether documents may have other ids than their Things': a field renamed or set to the primary key. */
    boolean rekeys() {
        return transform.stream().anyMatch(step -> switch (step.kind()) {
            case RENAME -> primaryKey.equals(step.to());
            case CONSTANT -> primaryKey.equals(step.field());
            default -> false;
        });
    }

    SearchChange encode(SinkChange change) {
        if (change.removes()) {
            return new SearchChange(change.thingId(), change.thingId(), null, null);
        }
        Map<String, Object> document = WellFormedText.document(reshape(ThingDocument.toDocument(change.thing())));
        Object key = document.get(primaryKey);
        if (key == null) {
            document.put(primaryKey, change.thingId());
        }
        String documentId = String.valueOf(document.get(primaryKey));
        String refusal = refusal(document);
        return refusal != null ? new SearchChange(change.thingId(), documentId, null, refusal)
                : new SearchChange(change.thingId(), documentId, json(document), null);
    }

    /**
     * The last change per document, documents to put and ids to delete. Documents Meilisearch would refuse fail the
     * batch with {@link ChangesRejected}, naming the Thing of every one of them.
     */
    static Collapsed collapse(List<SearchChange> batch) {
        Map<String, SearchChange> last = new LinkedHashMap<>();
        for (SearchChange change : batch) {
            last.remove(change.documentId());
            last.put(change.documentId(), change);
        }
        List<byte[]> upserts = new ArrayList<>();
        List<String> upsertThings = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (SearchChange change : last.values()) {
            if (change.refusal() != null) {
                refused.put(change.thingId(), change.refusal());
            } else if (change.deletion()) {
                if (isDocumentId(change.documentId())) {
                    deletes.add(change.documentId());
                } else {
                    refused.put(change.thingId(), "the document id must be " + ID_RULE);
                }
            } else {
                upserts.add(change.json());
                upsertThings.add(change.thingId());
            }
        }
        if (!refused.isEmpty()) {
            throw new ChangesRejected(refused);
        }
        return new Collapsed(upserts, upsertThings, deletes);
    }

    private Map<String, Object> reshape(Map<String, Object> document) {
        for (FieldTransform step : transform) {
            switch (step.kind()) {
                case RENAME -> {
                    if (document.containsKey(step.field())) {
                        document.put(step.to(), document.remove(step.field()));
                    }
                }
                case DROP -> document.remove(step.field());
                case MULTIPLY -> document.computeIfPresent(step.field(),
                        (field, value) -> value instanceof Number n ? n.doubleValue() * step.factor() : value);
                case ROUND -> document.computeIfPresent(step.field(), (field, value) -> value instanceof Number n
                        ? BigDecimal.valueOf(n.doubleValue()).setScale(step.scale(), RoundingMode.HALF_EVEN).doubleValue()
                        : value);
                case CONSTANT -> document.put(step.field(), step.value());
            }
        }
        return document;
    }

    /**
     * Why Meilisearch would refuse this document whatever the retry (its documented rules for the primary key and
     * the reserved {@code _geo} field), or null. Said without the document's values: the dead letter names the Thing.
     */
    String refusal(Map<String, Object> document) {
        Object key = document.get(primaryKey);
        boolean keyOk = key instanceof String text ? isDocumentId(text)
                : (key instanceof Integer || key instanceof Long) && ((Number) key).longValue() >= 0;
        if (!keyOk) {
            return "the primary key " + primaryKey + " must be " + ID_RULE;
        }
        Object geo = document.get("_geo");
        if (geo != null && !(geo instanceof Map<?, ?> point && isCoordinate(point.get("lat"))
                             && isCoordinate(point.get("lng")))) {
            return "_geo must be an object with numeric lat and lng";
        }
        return null;
    }

    private static boolean isDocumentId(String id) {
        return id != null && DOCUMENT_ID.matcher(id).matches() && id.getBytes(StandardCharsets.UTF_8).length <= 511;
    }

    private static boolean isCoordinate(Object value) {
        if (value instanceof Number) {
            return true;
        }
        try {
            return value instanceof String text && Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] json(Map<String, Object> document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A search document cannot be written as JSON: "
                                               + e.getOriginalMessage(), e);
        }
    }
}
