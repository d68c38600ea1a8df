package dovetail.domain.synctask;

import java.util.List;

/**
 * Which changes a task lets through: only these event types (empty or null: all), and only Things whose state
 * meets every condition (a Thing that stops meeting them is removed from the sink).
 */
public record FilterSpec(List<String> eventTypes, List<FieldCondition> conditions) {
}
