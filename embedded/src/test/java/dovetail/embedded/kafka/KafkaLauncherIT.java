package dovetail.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.embedded.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KafkaLauncherIT {

    @Test
    void theNextStartDeletesTheLogsOfABrokerKilledWithSignalNine() throws Exception {
        ChildJvm child = ChildJvm.start(OrphanedKafka.class);
        Path orphaned = Path.of(child.awaitReady());
        assertThat(orphaned.resolve(BrokerDirectories.OWNER_FILE)).isRegularFile();
        assertThat(child.kill()).isTrue();
        assertThat(orphaned).as("left behind by the killed JVM").isDirectory();

        try (KafkaLauncher kafka = KafkaLauncher.builder().start()) {
            assertThat(orphaned).doesNotExist();
            assertThat(kafka.logDirectory()).as("its own, in use").isDirectory();
            assertThat(kafka.logDirectory().resolve(BrokerDirectories.OWNER_FILE)).isRegularFile();
        }
    }
}
