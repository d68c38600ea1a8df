package dovetail.graphql.thing;

/** What {@code deleteThing} answers on success: the id of the Thing that is gone. */
record DeletedThing(String id) {
}
