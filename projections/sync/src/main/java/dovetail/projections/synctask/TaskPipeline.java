package dovetail.projections.synctask;

import dovetail.domain.synctask.ConditionOperator;
import dovetail.domain.synctask.FieldCondition;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingView;
import dovetail.projections.sink.SinkChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A task's filter: from a Thing event to the change its sink must make. A Thing that does not meet the conditions is
 * removed from the sink (it may have met them before); an event of a type the task does not take is skipped
 * altogether. Each sink builds its own shape from the change (a search task's transform is the search sink's).
 */
final class TaskPipeline {

    private final Set<String> eventTypes;
    private final List<FieldCondition> conditions;

    TaskPipeline(SyncTaskDefinition definition) {
        this.eventTypes = Set.copyOf(definition.filter().eventTypes());
        this.conditions = definition.filter().conditions();
    }

    /**
     * Whether the change an event makes follows from its type alone (no conditions on fields): the task takes every
     * Thing event of a type it {@link #takes} whole, as an upsert or (a deletion) a removal.
     */
    boolean decidesByType() {
        return conditions.isEmpty();
    }

    /** Whether events of this type make a change (they are Thing events of a type the task takes). */
    boolean takes(Class<?> eventType) {
        return ThingChange.isThingEvent(eventType) && takesType(eventType);
    }

    /** An erasure reaches every task, whatever event types it takes: no copy may keep an erased Thing. */
    private boolean takesType(Class<?> eventType) {
        return eventTypes.isEmpty() || eventTypes.contains(eventType.getSimpleName()) || eventType == ThingErased.class;
    }

    Optional<SinkChange> apply(Object event) {
        Optional<ThingChange> change = ThingChange.of(event);
        if (change.isEmpty() || !takesType(event.getClass())) {
            return Optional.empty();
        }
        if (change.get() instanceof ThingChange.Upsert upsert
            && !conditions.stream().allMatch(condition -> meets(upsert.thing(), condition))) {
            return Optional.of(new SinkChange(new ThingChange.Removal(upsert.id(), upsert.version()), event));
        }
        return Optional.of(new SinkChange(change.get(), event));
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
