package dovetail.projections.synctask;

import dovetail.domain.synctask.ConditionOperator;
import dovetail.domain.synctask.FieldCondition;
import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingView;
import dovetail.projections.search.ThingDocument;
import dovetail.projections.sink.DocumentChange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task's filter and transform: from a Thing event to the change its sink must make. A Thing that does not meet
 * the conditions is removed from the sink (it may have met them before); an event of a type the task does not
 * take is skipped altogether.
 */
final class TaskPipeline {

    private final Set<String> eventTypes;
    private final List<FieldCondition> conditions;
    private final List<FieldTransform> transform;
    private final String primaryKey;
    private final boolean documents;

    /** @param documents whether upserts carry the Thing's document (else an empty one: the sink reads the event) */
    TaskPipeline(SyncTaskDefinition definition, boolean documents) {
        this.documents = documents;
        this.eventTypes = Set.copyOf(definition.filter().eventTypes());
        this.conditions = definition.filter().conditions();
        this.transform = definition.transform();
        // sinks other than Meilisearch are keyed by Thing id
        this.primaryKey = definition.sink().meilisearch() == null ? "id" : definition.sink().meilisearch().primaryKey();
    }

    /**
     * Whether the change an event makes follows from its type alone: no conditions on fields, and no documents to
     * build. Such a task takes every Thing event of a type it {@link #takes} whole, as an upsert or (a deletion) a
     * delete.
     */
    boolean decidesByType() {
        return conditions.isEmpty() && !documents;
    }

    /** Whether events of this type make a change (they are Thing events of a type the task takes). */
    boolean takes(Class<?> eventType) {
        return ThingChange.isThingEvent(eventType)
               && (eventTypes.isEmpty() || eventTypes.contains(eventType.getSimpleName()));
    }

    Optional<DocumentChange> apply(Object event) {
        Optional<ThingChange> change = ThingChange.of(event);
        if (change.isEmpty() || (!eventTypes.isEmpty() && !eventTypes.contains(event.getClass().getSimpleName()))) {
            return Optional.empty();
        }
        if (change.get() instanceof ThingChange.Upsert upsert && conditions.stream().allMatch(c -> meets(upsert.thing(), c))) {
            if (!documents) {
                return Optional.of(new DocumentChange.Upsert(upsert.id(), upsert.version(), Map.of(), event));
            }
            // toDocument answers a fresh map of its own, so the transform may change it in place
            Map<String, Object> document = reshape(ThingDocument.toDocument(upsert.thing()));
            return Optional.of(new DocumentChange.Upsert(String.valueOf(document.get(primaryKey)),
                    upsert.version(), document, event));
        }
        return Optional.of(new DocumentChange.Delete(change.get().id(), change.get().version(), event));
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

    private static boolean meets(ThingView thing, FieldCondition condition) {
        Object actual = switch (condition.field()) {
            case "id" -> Long.parseLong(thing.id());
            case "name" -> thing.name();
            case "foo" -> thing.foo();
            case "version" -> thing.version();
            case "createdOn" -> thing.createdOn();
            case "updatedOn" -> thing.updatedOn();
            default -> null;
        };
        if (condition.operator() == ConditionOperator.EXISTS) {
            return actual != null;
        }
        String kind = SyncTaskRules.THING_FIELDS.get(condition.field());
        List<Integer> comparisons = condition.values().stream().map(value -> compare(kind, actual, value)).toList();
        return switch (condition.operator()) {
            case EQUALS -> comparisons.get(0) == 0;
            case NOT_EQUALS -> comparisons.get(0) != 0;
            case GT -> comparisons.get(0) > 0;
            case LT -> comparisons.get(0) < 0;
            case IN -> comparisons.contains(0);
            case EXISTS -> true;
        };
    }

    private static int compare(String kind, Object actual, String expected) {
        return switch (kind) {
            case "number" -> Double.compare(((Number) actual).doubleValue(), Double.parseDouble(expected));
            case "instant" -> ((Instant) actual).compareTo(Instant.parse(expected));
            default -> actual.toString().compareTo(expected);
        };
    }
}
