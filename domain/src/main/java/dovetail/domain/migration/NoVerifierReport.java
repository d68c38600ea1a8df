package dovetail.domain.migration;

/** A drift repair works from the verifier's last report, and the verifier has not run yet. */
public record NoVerifierReport() implements DriftRepairOutcome {

    public String message() {
        return "The verifier has not run yet: run verifyMigration, then repair the rows it reports";
    }
}
