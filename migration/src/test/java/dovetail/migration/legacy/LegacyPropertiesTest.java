package dovetail.migration.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The legacy store's settings as Spring binds them at start: defaults, and a clear refusal of what cannot work. */
class LegacyPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @Test
    void defaultsNeedNoSettings() {
        context.run(started -> {
            LegacyProperties properties = started.getBean(LegacyProperties.class);
            assertThat(properties.capture().deleteScanInterval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(properties.capture().pollInterval()).isEqualTo(Duration.ofMillis(250));
            assertThat(properties.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.configured()).isFalse();
        });
    }

    @Test
    void aZeroDeleteScanIntervalTurnsTheScanOff() {
        context.withPropertyValues("dovetail.legacy.capture.delete-scan-interval=0").run(started ->
                assertThat(started.getBean(LegacyProperties.class).capture().deleteScanInterval()).isZero());
    }

    @Test
    void refusesToStartWithSettingsThatCannotWork() {
        refused("dovetail.legacy.capture.poll-interval=0s", "capture.pollInterval");
        refused("dovetail.legacy.capture.poll-lookback=-1s", "capture.pollLookback");
        refused("dovetail.legacy.capture.delete-scan-interval=-5s", "capture.deleteScanInterval");
        refused("dovetail.legacy.capture.kafka-topic=not a topic", "capture.kafkaTopic");
        refused("dovetail.legacy.capture.kafka-group= ", "capture.kafkaGroup");
        refused("dovetail.legacy.drain-timeout=0s", "drainTimeout");
        refused("dovetail.legacy.capture.mode=sometimes", "capture.mode");
    }

    private void refused(String setting, String field) {
        context.withPropertyValues(setting).run(started -> assertThat(started).hasFailed()
                .getFailure().rootCause().hasMessageContaining("dovetail.legacy." + field));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LegacyProperties.class)
    static class Settings {
    }
}
