package dovetail.functions.access;

/**
 * The role a caller needs to run a function over HTTP; the server grants it to the bearer tokens of the role with
 * the same name. Each role includes the ones before it.
 */
public enum Role {
    READ,
    OPERATOR,
    ADMIN
}
