package dovetail.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresLauncher;
import org.junit.jupiter.api.Test;

class EmbeddedEnginesIT {

    @Test
    void startsAllThreeEnginesInParallelAndEachOneWorks() throws Exception {
        try (EmbeddedEngines engines = EmbeddedEngines.builder()
                .postgres(PostgresLauncher.builder())
                .kafka(KafkaLauncher.builder())
                .meilisearch(MeilisearchLauncher.builder().masterKey("a-master-key-of-16-bytes-or-more"))
                .start()) {
            EngineEndpoints endpoints = engines.endpoints();
            assertThat(endpoints.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
            assertThat(endpoints.kafkaBootstrapServers()).startsWith("127.0.0.1:");
            assertThat(endpoints.meilisearchUrl()).startsWith("http://127.0.0.1:");
            assertThat(endpoints.meilisearchApiKey()).isEqualTo("a-master-key-of-16-bytes-or-more");

            String database = engines.postgres().orElseThrow().createDatabase("engines_it");
            EngineChecks.writeAndReadRow(database, endpoints.username(), endpoints.password());
            EngineChecks.produceAndConsume(endpoints.kafkaBootstrapServers(), "engines-it");
            EngineChecks.indexAndSearch(endpoints.meilisearchUrl(), endpoints.meilisearchApiKey(), "engines-it");
        }
    }

    @Test
    void startsOnlyTheChosenEngines() {
        try (EmbeddedEngines engines = EmbeddedEngines.builder().meilisearch(MeilisearchLauncher.builder()).start()) {
            assertThat(engines.endpoints().meilisearchUrl()).isNotNull();
            assertThat(engines.endpoints().jdbcUrl()).isNull();
            assertThat(engines.endpoints().kafkaBootstrapServers()).isNull();
        }
    }

    @Test
    void stopsTheStartedEnginesWhenAnotherOneFails() throws IOException {
        int postgresPort = freePort();
        EmbeddedEngines.Builder engines = EmbeddedEngines.builder()
                .postgres(PostgresLauncher.builder().port(postgresPort))
                .meilisearch(MeilisearchLauncher.builder().binary(Path.of("/nonexistent/meilisearch")));

        assertThatThrownBy(engines::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/meilisearch");
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), postgresPort).close())
                .isInstanceOf(ConnectException.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
