package dovetail.domain.migration;

import java.time.Instant;
import java.util.List;

/** What one verifier run found: the counts, and the first disagreeing rows in id order (at most a sample). */
public record VerificationReport(Instant at, long durationMillis, DriftCounts counts, List<DriftRow> samples)
        implements VerificationOutcome {

    public VerificationReport {
        samples = List.copyOf(samples);
    }

    public boolean drift() {
        return counts.total() > 0;
    }
}
