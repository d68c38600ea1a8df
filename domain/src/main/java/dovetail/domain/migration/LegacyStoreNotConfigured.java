package dovetail.domain.migration;

/** No legacy store is configured ({@code dovetail.legacy.datasource.url}), so there is nothing to migrate. */
public record LegacyStoreNotConfigured() implements MigrationError, VerificationOutcome, DriftRepairOutcome {

    @Override
    public String message() {
        return "No legacy store is configured (dovetail.legacy.datasource.url)";
    }
}
