package dovetail.domain.synctask;

/** The kinds of {@link FieldTransform}. */
public enum TransformKind {
    RENAME, DROP, MULTIPLY, ROUND, CONSTANT
}
