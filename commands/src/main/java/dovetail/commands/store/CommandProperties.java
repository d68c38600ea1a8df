package dovetail.commands.store;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often a command that lost a concurrent append (another instance wrote the same Thing first) is retried.
 */
@Validated
@ConfigurationProperties("dovetail.commands")
record CommandProperties(@DefaultValue("5") @PositiveOrZero @Max(50) int maxRetries,
                         @DefaultValue("20ms") Duration retryInterval) {
}
