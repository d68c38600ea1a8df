package dovetail.app.security;

/** What a bearer token may do; each role includes the ones below it. */
enum Role {
    /** Queries, search, task and dead-letter views. */
    READ,
    /** Thing mutations, pausing and resuming tasks, reprocessing dead letters. */
    OPERATOR,
    /** Creating, changing and deleting tasks, full syncs, migration cutover and rollback. */
    ADMIN;

    String authority() {
        return "ROLE_" + name();
    }
}
