package dovetail.domain.migration;

/** What a verifier run answers: its report, or that no legacy store is configured. */
public sealed interface VerificationOutcome permits VerificationReport, LegacyStoreNotConfigured {
}
