package dovetail.graphql.thing;

/** What {@code eraseThing} answers on success: the id of the Thing that is erased. */
record ErasedThing(String id) {
}
