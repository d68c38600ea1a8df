package dovetail.domain.migration;

/** A backfill is running on some instance; the command waits for it to finish. */
public record BackfillRunning() implements MigrationError, DriftRepairOutcome {

    @Override
    public String message() {
        return "A backfill is running; wait until migration.backfill.status is COMPLETED";
    }
}
