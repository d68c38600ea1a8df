package dovetail.commands.thing;

/** Hands out ids for new Things. */
@FunctionalInterface
interface ThingIds {

    long next();
}
