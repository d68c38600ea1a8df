package dovetail.domain.migration;

/** The capture did not reach the legacy store's end in time; nothing was switched. */
public record CaptureNotDrained(String reason) implements MigrationError {

    @Override
    public String message() {
        return "Nothing was switched: " + reason;
    }
}
