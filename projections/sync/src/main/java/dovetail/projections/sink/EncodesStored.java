package dovetail.projections.sink;

/**
 * A sink that can encode a Thing event from its payload as stored (JSON), without the event being read into an
 * object (reading each payload and parsing its times costs as much as publishing it). A task whose filter decides by
 * event type alone hands such a sink the stored payloads.
 *
 * @param <E> what the sink makes of one change
 */
public interface EncodesStored<E> extends EncodesAhead<E> {

    /**
     * The encoding of a Thing event of type {@code eventType} that the task takes whole, from its payload as stored;
     * null when the sink cannot read this payload so (the task then reads the event and goes the usual way).
     * {@code traceparent} is the event's trace context, as {@link SinkChange#traceparent()}.
     */
    Encoded<E> encodeStored(Class<?> eventType, byte[] payload, String traceparent);

    /** An encoding made from a stored payload, with the Thing and version it is about. */
    record Encoded<E>(String thingId, long version, E encoding) {
    }
}
