package dovetail.migration.verifier;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * How often the verifier runs on its own ({@code dovetail.migration.verify-interval}, e.g. {@code 5m}); {@code 0}
 * or empty turns the schedule off (the verifier then runs only when asked). Refused at start when it is not a
 * duration or is negative.
 */
@ConfigurationProperties("dovetail.migration")
record VerifierProperties(@DefaultValue("5m") String verifyInterval) {

    VerifierProperties {
        every(verifyInterval);
    }

    /** The interval, or zero when the schedule is off. */
    Duration every() {
        return every(verifyInterval);
    }

    private static Duration every(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        Duration every;
        try {
            every = DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException notADuration) {
            throw new IllegalArgumentException("dovetail.migration.verify-interval must be a duration such as 5m, "
                                               + "or 0 or empty to turn the schedule off; '" + value + "' is not one");
        }
        if (every.isNegative()) {
            throw new IllegalArgumentException("dovetail.migration.verify-interval must not be negative; it is "
                                               + value);
        }
        return every;
    }
}
