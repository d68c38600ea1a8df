package dovetail.domain.synctask;

/** How a {@link FieldCondition} compares; numbers compare numerically, everything else as text. */
public enum ConditionOperator {
    EQUALS, NOT_EQUALS, GT, LT, IN, EXISTS
}
