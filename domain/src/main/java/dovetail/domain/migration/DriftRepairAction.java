package dovetail.domain.migration;

/** How a drift repair brings one row into agreement, from the side that is primary. */
public enum DriftRepairAction {
    /** Legacy primary: the legacy row, imported into the event store (ImportThing). */
    IMPORT_INTO_NEW,
    /** Legacy primary: the legacy row's name and foo, as an update of the Thing (UpdateThing, compare-and-set). */
    UPDATE_IN_NEW,
    /** Legacy primary: the legacy store has no row, so the Thing is deleted (DeleteThing, compare-and-set). */
    DELETE_IN_NEW,
    /** Dovetail primary: the Thing's state, written to the legacy table through the legacy sink's writes. */
    WRITE_TO_LEGACY,
    /** Dovetail primary: Dovetail has no Thing, so the legacy row is deleted through the legacy sink's writes. */
    DELETE_FROM_LEGACY,
    /** Nothing: the row changed since the verifier ran, or both sides agree by now. */
    NONE
}
