package dovetail.functions.thing;

/** {@code deleteThing}: deletes the Thing if it is still at {@code expectedVersion}. */
public record DeleteThingRequest(String id, Long expectedVersion) {
}
