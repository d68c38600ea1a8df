package dovetail.commands.thing;

/**
 * Keeps Dovetail's id allocation past the ids the legacy store uses, so a Thing created here never takes the id
 * of one carried over (backfill, capture and cutover reserve the legacy ids they have seen).
 */
public interface ThingIdReservation {

    /** Makes every id handed out from now on greater than {@code upTo}; never moves back. */
    void advancePast(long upTo);
}
