package dovetail.domain.migration;

/** The command was applied (or had nothing to change); the migration is now in {@code mode}. */
public record MigrationAccepted(MigrationMode mode) implements MigrationOutcome {
}
