package dovetail.domain.migration;

/** What a drift repair answers: what it did (or would do), or why it did nothing. */
public sealed interface DriftRepairOutcome permits DriftRepairReport, InvalidRepair, NoVerifierReport,
        LegacyStoreNotConfigured, WrongMigrationMode, BackfillRunning {
}
