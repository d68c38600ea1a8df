package dovetail.projections.synctask;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long stopping the sync tasks may take in all, however their sinks fail: past it, a batch still in flight is
 * abandoned uncommitted and delivered again on the next start.
 */
@Validated
@ConfigurationProperties("dovetail.shutdown")
record ShutdownProperties(@DefaultValue("10s") Duration timeout) {
}
