package dovetail.domain.migration;

import java.time.Instant;
import java.util.List;

/**
 * The migration as operators see it: whether a legacy store is configured, the mode and since when, the
 * backfill, each capture source, and the last verifier report (null before the first run).
 */
public record MigrationView(boolean legacyConfigured, MigrationMode mode, Instant modeSince,
                            BackfillProgress backfill, List<CaptureStatus> capture, VerificationReport lastReport) {

    public MigrationView {
        capture = List.copyOf(capture);
    }
}
