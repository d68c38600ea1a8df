package dovetail.domain.migration;

/** What a migration command answers: the mode after it, or why it was refused. */
public sealed interface MigrationOutcome permits MigrationAccepted, MigrationError {
}
