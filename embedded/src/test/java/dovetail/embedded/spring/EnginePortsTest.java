package dovetail.embedded.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class EnginePortsTest {

    @Test
    void aTakenPortStopsDevelopmentModeWithThePortAndItsSetting() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int taken = other.getLocalPort();
            assertThatThrownBy(() -> EnginePorts.requireFree(List.of(
                    new EnginePorts.Wanted("PostgreSQL", 0, "dovetail.embedded.postgres.port"),
                    new EnginePorts.Wanted("Meilisearch", taken, "dovetail.embedded.meilisearch.port"))))
                    .isInstanceOfSatisfying(EnginePortInUse.class, inUse -> {
                        assertThat(inUse.port()).isEqualTo(taken);
                        assertThat(inUse.getMessage()).contains("Meilisearch").contains(String.valueOf(taken))
                                .contains("dovetail.embedded.meilisearch.port");
                        FailureAnalysis analysis = new EnginePortInUseAnalyzer().analyze(inUse);
                        assertThat(analysis.getDescription()).contains("port " + taken).contains("No engine was started");
                        assertThat(analysis.getAction()).contains("dovetail.embedded.meilisearch.port")
                                .contains("dovetail.embedded.data-dir");
                    });
        }
    }

    @Test
    void freePortsAndPortZeroPass() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        EnginePorts.requireFree(List.of(new EnginePorts.Wanted("Kafka", free, "dovetail.embedded.kafka.port"),
                new EnginePorts.Wanted("PostgreSQL", 0, "dovetail.embedded.postgres.port")));
        assertThat(EnginePorts.free(free)).isTrue();
    }
}
