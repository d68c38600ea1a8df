package dovetail.domain.migration;

/** Why a migration command was refused. Nothing was stored for it. */
public sealed interface MigrationError extends MigrationOutcome
        permits DriftFound, WrongMigrationMode, BackfillRunning, LegacyStoreNotConfigured, CaptureNotDrained,
        SeedingUnavailable {

    /** The refusal in words, as GraphQL answers it. */
    String message();
}
