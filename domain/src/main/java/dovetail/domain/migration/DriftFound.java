package dovetail.domain.migration;

/** Cutover refused: the verifier found the legacy table and the read model apart (give force to override). */
public record DriftFound(VerificationReport report) implements MigrationError {

    @Override
    public String message() {
        return report.counts().total() + " rows differ between the legacy table and Dovetail; "
               + "fix them or cut over with force: true";
    }
}
