package dovetail.domain.migration;

/** Asks for the migration's state; answered with a {@link MigrationView}. */
public record FindMigration() {
}
