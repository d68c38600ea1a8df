package dovetail.domain.migration;

/** Cutover refused: the verifier found the legacy table and the read model apart (give force to override). */
public record DriftFound(VerificationReport report) implements MigrationError {
}
