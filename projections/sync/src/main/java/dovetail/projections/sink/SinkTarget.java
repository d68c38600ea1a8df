package dovetail.projections.sink;

/**
 * One place a task delivers to, with a processor (position, retries, dead letters) of its own: most tasks have one,
 * unnamed ({@code name} null); a task spread over several servers of its engine has one per server, named after it.
 *
 * @param name     the target's name within its task, or null for a task's only target
 * @param instance the server of the sink's engine it lives on, or null when the sink does not say
 * @param shard    the part of the Things this target keeps, or null when it keeps all of them
 */
public record SinkTarget(String name, String instance, Integer shard) {

    /** The only target of a task that delivers to one place. */
    public static final SinkTarget ONLY = new SinkTarget(null, null, null);
}
