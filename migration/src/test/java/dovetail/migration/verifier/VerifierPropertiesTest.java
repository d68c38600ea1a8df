package dovetail.migration.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The verifier's schedule as Spring binds it at start: on by default, off with 0 or nothing, refused when wrong. */
class VerifierPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(VerifierSchedule.Settings.class);

    @Test
    void runsEveryFiveMinutesUnlessToldOtherwise() {
        context.run(started -> assertThat(started.getBean(VerifierProperties.class).every())
                .isEqualTo(Duration.ofMinutes(5)));
        context.withPropertyValues("dovetail.migration.verify-interval=30s").run(started ->
                assertThat(started.getBean(VerifierProperties.class).every()).isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void zeroOrNothingTurnsTheScheduleOff() {
        for (String off : new String[] {"0", "0s", "", " "}) {
            context.withPropertyValues("dovetail.migration.verify-interval=" + off).run(started ->
                    assertThat(started.getBean(VerifierProperties.class).every()).as("'%s'", off).isZero());
        }
    }

    @Test
    void refusesToStartWithAnIntervalThatIsNotOne() {
        context.withPropertyValues("dovetail.migration.verify-interval=soon").run(started -> assertThat(started)
                .hasFailed().getFailure().rootCause()
                .hasMessageContaining("dovetail.migration.verify-interval must be a duration such as 5m")
                .hasMessageContaining("'soon'"));
        context.withPropertyValues("dovetail.migration.verify-interval=-1m").run(started -> assertThat(started)
                .hasFailed().getFailure().rootCause()
                .hasMessageContaining("dovetail.migration.verify-interval must not be negative"));
    }
}
