package dovetail.projections.synctask;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often each instance re-reads the tasks' configuration (a change made on this instance applies at once; one
 * made on another instance within this interval), whether the built-in tasks are created at start, and how many
 * Things may have parked events in one task's dead-letter queue (beyond that the task stops and retries), and how
 * far behind the head a task must be at start to catch up with one streaming reader before its pooled processor
 * takes over ({@link HistoryReader}), and how many events such a reader may deliver in one call; and how often each
 * task's processor looks for segments to claim: those of an instance that stopped renewing its claims (after the
 * instance claim timeout) or released by another, so a dead instance's segments move within that timeout plus
 * this interval.
 */
@Validated
@ConfigurationProperties("dovetail.sync-tasks")
record SyncTaskProperties(@DefaultValue("2s") Duration reconcileInterval,
                          @DefaultValue("true") boolean createBuiltIn,
                          @DefaultValue("100000") @Min(1) int deadLetterMaxThings,
                          @DefaultValue("5000") @Min(1) long catchUpLag,
                          @DefaultValue("50000") @Min(1) @Max(1_000_000) int catchUpBatchLimit,
                          @DefaultValue("1s") Duration claimInterval) {

    SyncTaskProperties {
        if (claimInterval.isNegative() || claimInterval.isZero()) {
            throw new IllegalArgumentException("dovetail.sync-tasks.claim-interval must be positive, not "
                    + claimInterval);
        }
    }
}
