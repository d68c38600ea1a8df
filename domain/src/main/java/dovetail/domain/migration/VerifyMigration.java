package dovetail.domain.migration;

/** Runs the dual-run verifier now; answered with a {@link VerificationOutcome}. */
public record VerifyMigration() {
}
