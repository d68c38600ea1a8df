package dovetail.domain.migration;

/** A step of the migration, as the Migration aggregate records it in the event store. */
public sealed interface MigrationEvent permits MigrationStarted, MigrationBackfillStarted, MigrationBackfillCompleted,
        MigrationCutOver, MigrationRolledBack, MigrationLegacyRetired, MigrationDriftRepaired {

    /** The migration's id. */
    String migrationId();
}
