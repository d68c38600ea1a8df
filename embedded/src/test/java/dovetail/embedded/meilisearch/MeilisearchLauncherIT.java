package dovetail.embedded.meilisearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import dovetail.embedded.EngineChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeilisearchLauncherIT {

    @TempDir
    Path dataDirectory;

    @Test
    void keepsIndexesInAPersistentDirectoryAcrossAStopAndStart() throws Exception {
        try (MeilisearchLauncher meilisearch = MeilisearchLauncher.builder().dataDirectory(dataDirectory).start()) {
            EngineChecks.indexAndSearch(meilisearch.url(), null, "kept");
            assertThat(dataDirectory.resolve("meilisearch.pid")).exists();
        }
        assertThat(dataDirectory.resolve("meilisearch.pid")).doesNotExist();
        try (MeilisearchLauncher meilisearch = MeilisearchLauncher.builder().dataDirectory(dataDirectory).start()) {
            assertThat(EngineChecks.send(meilisearch.url(), null, "GET", "/indexes/kept", null).statusCode())
                    .isEqualTo(200);
        }
        assertThat(dataDirectory.resolve("meilisearch.log")).isNotEmptyFile();
    }

    @Test
    void refusesRequestsWithoutTheMasterKey() throws Exception {
        try (MeilisearchLauncher meilisearch = MeilisearchLauncher.builder()
                .masterKey("a-master-key-of-16-bytes-or-more").start()) {
            assertThat(EngineChecks.send(meilisearch.url(), null, "GET", "/indexes", null).statusCode())
                    .isEqualTo(401);
            assertThat(EngineChecks.send(meilisearch.url(), meilisearch.masterKey(), "GET", "/indexes", null)
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failsClearlyWhenTheServerExits() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MeilisearchLauncher.Builder meilisearch = MeilisearchLauncher.builder().port(taken.getLocalPort());

            assertThatThrownBy(meilisearch::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Meilisearch exited with code");
        }
    }

    @Test
    void deletesATemporaryDataDirectoryOnClose() {
        Path temporary;
        try (MeilisearchLauncher meilisearch = MeilisearchLauncher.builder().start()) {
            temporary = meilisearch.dataDirectory();
            assertThat(Files.isDirectory(temporary)).isTrue();
        }
        assertThat(temporary).doesNotExist();
    }
}
