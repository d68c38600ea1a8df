package dovetail.commands.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The snapshot threshold as Spring binds it at start: a default, and a clear refusal of what cannot work. */
class SnapshotPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @Test
    void snapshotsNeedNoSettings() {
        context.run(started -> assertThat(started.getBean(SnapshotProperties.class).threshold()).isEqualTo(100));
    }

    @Test
    void takesTheThresholdItIsGiven() {
        context.withPropertyValues("dovetail.snapshots.threshold=1").run(started ->
                assertThat(started.getBean(SnapshotProperties.class).threshold()).isEqualTo(1));
    }

    @Test
    void refusesToStartWithAThresholdThatIsNotAPositiveNumber() {
        refused("dovetail.snapshots.threshold=0", "threshold", "must be greater than 0");
        refused("dovetail.snapshots.threshold=-100", "threshold", "must be greater than 0");
        refused("dovetail.snapshots.threshold=often", "dovetail.snapshots.threshold", "often");
        refused("dovetail.snapshots.threshold=1.5", "dovetail.snapshots.threshold", "1.5");
    }

    private void refused(String setting, String field, String reason) {
        context.withPropertyValues(setting).run(started -> assertThat(started).hasFailed()
                .getFailure().hasStackTraceContaining(field).hasStackTraceContaining(reason));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SnapshotProperties.class)
    static class Settings {
    }
}
