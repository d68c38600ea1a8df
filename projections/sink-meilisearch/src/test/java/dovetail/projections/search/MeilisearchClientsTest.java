package dovetail.projections.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import org.junit.jupiter.api.Test;

class MeilisearchClientsTest {

    @Test
    void theSdkClientUsesOurOkHttpClient() {
        assertThat(MeilisearchClients.isTuned(MeilisearchClients.create(
                MeilisearchProperties.of("http://127.0.0.1:7700", null, "")))).isTrue();
    }

    @Test
    void socketsHaveNaglesAlgorithmOff() throws Exception {
        try (Socket socket = new MeilisearchClients.NoDelaySocketFactory().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void everyCallIsBounded() {
        var okHttp = MeilisearchClients.okHttp(java.time.Duration.ofSeconds(3));
        assertThat(okHttp.callTimeoutMillis()).isEqualTo(3000);
        assertThat(okHttp.connectTimeoutMillis()).isEqualTo(3000);
        assertThat(okHttp.readTimeoutMillis()).isEqualTo(3000);
    }
}
