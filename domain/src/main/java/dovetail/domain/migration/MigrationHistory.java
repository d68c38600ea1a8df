package dovetail.domain.migration;

/** Asks for every recorded step of the migration, oldest first; answered with a list of {@link MigrationChange}. */
public record MigrationHistory() {
}
