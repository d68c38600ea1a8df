package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

class StoreRowsTest {

    @Test
    void tellsAnEventsAgeFromItsStoredTimeAsParsingItWould() {
        Random random = new Random(7);
        Instant now = Instant.parse("2026-11-26T08:30:00.123456789Z");
        for (int i = 0; i < 20_000; i++) {
            Instant threshold = now.plusNanos(random.nextLong(-5_000_000_000L, 5_000_000_000L));
            // stored times near the threshold, at the millisecond precision the store writes
            Instant stored = threshold.plusNanos(random.nextLong(-3_000_000L, 3_000_000L)).truncatedTo(ChronoUnit.MILLIS);
            String text = DateTimeUtils.formatInstant(stored);
            String thresholdText = DateTimeUtils.formatInstant(threshold.truncatedTo(ChronoUnit.MILLIS));
            assertThat(StoreRows.after(text, thresholdText, threshold))
                    .as("%s after %s", text, threshold)
                    .isEqualTo(stored.isAfter(threshold));
        }
    }

    @Test
    void parsesTimesStoredInAnotherForm() {
        Instant threshold = Instant.parse("2026-11-26T08:30:00.500Z");
        String thresholdText = DateTimeUtils.formatInstant(threshold);
        // no fraction, a longer fraction, an offset: compared as instants, not as text
        assertThat(StoreRows.after("2026-11-26T08:30:01Z", thresholdText, threshold)).isTrue();
        assertThat(StoreRows.after("2026-11-26T08:30:00Z", thresholdText, threshold)).isFalse();
        assertThat(StoreRows.after("2026-11-26T08:30:00.500001Z", thresholdText, threshold)).isTrue();
        assertThat(StoreRows.after("2026-11-26T09:30:00.400+01:00", thresholdText, threshold)).isFalse();
        assertThat(StoreRows.after("2026-11-26T09:30:00.600+01:00", thresholdText, threshold)).isTrue();
        assertThat(StoreRows.after(Instant.parse("2026-11-26T08:30:00.501Z"), thresholdText, threshold)).isTrue();
    }
}
