package dovetail.domain.synctask;

import java.util.List;

/** One condition on a Thing field: {@code equals}, {@code not_equals}, {@code gt}, {@code lt}, {@code in}, {@code exists}. */
public record FieldCondition(String field, ConditionOperator operator, List<String> values) {
}
