package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The sync-task runtime's settings as Spring binds them at start: defaults, and a clear refusal of what cannot work. */
class SyncTaskPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @Test
    void catchingUpNeedsNoSettings() {
        context.run(started -> {
            SyncTaskProperties properties = started.getBean(SyncTaskProperties.class);
            assertThat(properties.catchUpLag()).isEqualTo(5_000);
            assertThat(properties.catchUpBatchLimit()).isEqualTo(50_000);
            assertThat(properties.claimInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
        });
    }

    @Test
    void refusesToStartWithCatchUpSettingsThatCannotWork() {
        refused("dovetail.sync-tasks.catch-up-lag=0", "catchUpLag");
        refused("dovetail.sync-tasks.catch-up-batch-limit=0", "catchUpBatchLimit");
        refused("dovetail.sync-tasks.catch-up-batch-limit=2000000", "catchUpBatchLimit");
        refused("dovetail.sync-tasks.catch-up-lag=soon", "dovetail.sync-tasks.catch-up-lag");
    }

    @Test
    void refusesAClaimIntervalThatIsNotPositive() {
        refused("dovetail.sync-tasks.claim-interval=0s", "dovetail.sync-tasks.claim-interval must be positive, not PT0S");
        refused("dovetail.sync-tasks.claim-interval=-1s", "must be positive, not PT-1S");
        refused("dovetail.sync-tasks.claim-interval=often", "dovetail.sync-tasks.claim-interval");
    }

    private void refused(String setting, String field) {
        context.withPropertyValues(setting).run(started -> assertThat(started).hasFailed()
                .getFailure().hasStackTraceContaining(field));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SyncTaskProperties.class)
    static class Settings {
    }
}
