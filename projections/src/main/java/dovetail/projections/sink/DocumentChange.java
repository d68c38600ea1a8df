package dovetail.projections.sink;

import java.util.Map;

/**
 * One change a sink must make, after the task's filter and transform: put this document under its id, or remove
 * the document with this id. {@code version} is the Thing version the change brings the sink to; {@code event} is
 * the Thing event it comes from (null when unknown), for sinks that publish events rather than state.
 */
public sealed interface DocumentChange {

    String id();

    long version();

    Object event();

    /** Whole-document put, replacing whatever the sink holds under {@code id}. */
    record Upsert(String id, long version, Map<String, Object> document, Object event) implements DocumentChange {

        public Upsert(String id, long version, Map<String, Object> document) {
            this(id, version, document, null);
        }
    }

    /** Remove whatever the sink holds under {@code id}. */
    record Delete(String id, long version, Object event) implements DocumentChange {

        public Delete(String id, long version) {
            this(id, version, null);
        }
    }
}
