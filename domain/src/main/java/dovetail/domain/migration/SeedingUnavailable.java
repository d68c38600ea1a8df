package dovetail.domain.migration;

/** Demo rows are only for the embedded legacy database of development mode, and only 1..100000 at a time. */
public record SeedingUnavailable(String reason) implements MigrationError {

    @Override
    public String message() {
        return "No demo rows were added: " + reason;
    }
}
