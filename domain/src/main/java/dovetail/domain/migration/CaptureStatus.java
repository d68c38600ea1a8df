package dovetail.domain.migration;

import java.time.Instant;

/**
 * The live capture from the legacy store: its source ({@code logical-replication}, {@code polling} or
 * {@code kafka}), whether it runs on this instance, its acknowledged position, changes captured and ignored (at or
 * below the version the event store holds), the lag of the last change, its last error, why it polls where
 * logical replication was asked for ({@code fallback}, null when it does not), and the rows it refused because they
 * break the Thing rules (passed over, not imported) with the last one's row id and reason.
 */
public record CaptureStatus(String source, boolean running, String position, long captured, long ignored,
                            Double lagMillis, String lastError, Instant lastErrorAt, String fallback, long refused,
                            String lastRefusal, Instant lastRefusalAt) {
}
