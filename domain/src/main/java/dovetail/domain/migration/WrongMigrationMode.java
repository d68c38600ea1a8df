package dovetail.domain.migration;

/** The command needs another mode than the migration is in (e.g. rollback while the legacy store is primary). */
public record WrongMigrationMode(MigrationMode current, MigrationMode required) implements MigrationError,
        DriftRepairOutcome {

    @Override
    public String message() {
        return "The migration is " + current + "; this step needs " + required;
    }
}
