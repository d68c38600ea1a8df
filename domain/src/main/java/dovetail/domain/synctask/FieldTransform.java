package dovetail.domain.synctask;

/**
 * One reshaping step on a delivered document, applied in order: {@code RENAME} (to {@code to}), {@code DROP},
 * {@code MULTIPLY} (by {@code factor}), {@code ROUND} (to {@code scale} decimals, half-even), {@code CONSTANT}
 * (set {@code value}).
 */
public record FieldTransform(String field, TransformKind kind, String to, Double factor, Integer scale, String value) {
}
