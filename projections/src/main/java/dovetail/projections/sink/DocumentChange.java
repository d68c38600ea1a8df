package dovetail.projections.sink;

import java.util.Map;

/**
 * One change a sink must make, after the task's filter and transform: put this document under its id, or remove
 * the document with this id. {@code version} is the Thing version the change brings the sink to.
 */
public sealed interface DocumentChange {

    String id();

    long version();

    /** Whole-document put, replacing whatever the sink holds under {@code id}. */
    record Upsert(String id, long version, Map<String, Object> document) implements DocumentChange {
    }

    /** Remove whatever the sink holds under {@code id}. */
    record Delete(String id, long version) implements DocumentChange {
    }
}
