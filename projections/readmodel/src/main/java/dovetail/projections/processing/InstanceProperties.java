package dovetail.projections.processing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * This instance's id (default: pid@host plus a random suffix), how long a silent instance still counts as alive,
 * and how long a token claim holds without renewal before another instance may take the segment over.
 */
@Validated
@ConfigurationProperties("dovetail.instance")
public record InstanceProperties(String id, @DefaultValue("10s") Duration heartbeatExpiry,
                          @DefaultValue("10s") Duration claimTimeout) {
}
