package dovetail.domain.migration;

/**
 * Which side is the master. {@code LEGACY_PRIMARY}: the legacy store, captured into the event store;
 * {@code NEW_PRIMARY}: Dovetail, projected into the legacy store; {@code LEGACY_RETIRED}: the legacy store is no
 * longer kept.
 */
public enum MigrationMode {
    LEGACY_PRIMARY, NEW_PRIMARY, LEGACY_RETIRED
}
