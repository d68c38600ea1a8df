package dovetail.embedded.meilisearch;

import dovetail.embedded.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Meilisearch server run as a child process, bound to 127.0.0.1. The binary is found or installed by
 * {@link MeilisearchBinary}.
 */
public final class MeilisearchLauncher implements AutoCloseable {

    public static final String VERSION = "1.21.0";

    private static final Logger log = LoggerFactory.getLogger(MeilisearchLauncher.class);
    private static final String LOG_FILE = "meilisearch.log";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path dataDirectory;
    private final boolean temporary;
    private final String masterKey;
    private final DataDirectoryLock lock;

    private MeilisearchLauncher(Process process, int port, Path dataDirectory, boolean temporary, String masterKey,
                                DataDirectoryLock lock) {
        this.process = process;
        this.lock = lock;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.masterKey = masterKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The master key, or {@code null} when the server runs without one. */
    public String masterKey() {
        return masterKey;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** SIGKILL at once, as a crash or a pulled plug would: for tests of a replica that disappears. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Processes.awaitExit(process.toHandle(), STOP_TIMEOUT);
        close();
    }

    /** SIGTERM, up to 10 s to finish, then SIGKILL. */
    @Override
    public void close() {
        try {
            // setsid may have forked: stop what runs below it as well
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            process.destroy();
            if (!Processes.awaitExit(process.toHandle(), STOP_TIMEOUT)
                || !children.stream().allMatch(child -> Processes.awaitExit(child, STOP_TIMEOUT))) {
                log.warn("Meilisearch on port {} did not stop within {}; killing it", port, STOP_TIMEOUT);
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Meilisearch on port {} may still be running", port, e);
        } finally {
            if (lock != null) {
                lock.close();
            }
            if (temporary) {
                FileUtils.deleteQuietly(dataDirectory.toFile());
            }
        }
    }

    @Override
    public String toString() {
        return "Meilisearch at " + url() + " (data in " + dataDirectory + ")";
    }

    public static final class Builder {

        private Path binary;
        private Path cacheDirectory;
        private int port;
        private Path dataDirectory;
        private String masterKey;
        private String maxIndexingMemory = "256MiB";
        private Integer maxIndexingThreads;
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** An explicit executable; otherwise see {@link MeilisearchBinary#resolve}. */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        /** Where the binary is looked for and installed; default {@link MeilisearchBinary#defaultCacheDirectory()}. */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = cacheDirectory;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** A data directory kept between runs; without one, a temporary directory is used and deleted on close. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Requires this key on every request; none by default. */
        public Builder masterKey(String masterKey) {
            this.masterKey = masterKey == null || masterKey.isBlank() ? null : masterKey;
            return this;
        }

        /** Meilisearch sizes its indexing budget from the host's RAM unless told (e.g. {@code 256MiB}, {@code 1GiB}). */
        public Builder maxIndexingMemory(String maxIndexingMemory) {
            this.maxIndexingMemory = Objects.requireNonNull(maxIndexingMemory);
            return this;
        }

        /** Threads Meilisearch may index with; by default half the host's cores. Cap it when several run on one host. */
        public Builder maxIndexingThreads(Integer maxIndexingThreads) {
            if (maxIndexingThreads != null && maxIndexingThreads < 1) {
                throw new IllegalArgumentException("maxIndexingThreads must be 1 or more: " + maxIndexingThreads);
            }
            this.maxIndexingThreads = maxIndexingThreads;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        public MeilisearchLauncher start() {
            Path executable = MeilisearchBinary.resolve(binary, cacheDirectory);
            boolean temporary = dataDirectory == null;
            Path directory;
            int chosenPort;
            DataDirectoryLock lock = null;
            try {
                directory = temporary
                        ? Files.createTempDirectory("dovetail-meilisearch")
                        : Files.createDirectories(dataDirectory).toAbsolutePath();
                if (!temporary) {
                    lock = DataDirectoryLock.acquire(directory);
                }
                chosenPort = port != 0 ? port : freePort();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not prepare Meilisearch", e);
            }
            Path logFile = directory.resolve(LOG_FILE);
            Process process;
            try {
                process = new ProcessBuilder(command(executable, directory, chosenPort))
                        // dumps and snapshots default to folders relative to the working directory
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                        .start();
            } catch (IOException e) {
                if (lock != null) {
                    lock.close();
                }
                throw new UncheckedIOException("Could not run " + executable, e);
            }
            MeilisearchLauncher launcher = new MeilisearchLauncher(process, chosenPort, directory, temporary,
                    masterKey, lock);
            try {
                awaitHealthy(process, launcher.url(), logFile);
                if (lock != null) {
                    lock.recordServer(process.descendants().findFirst().orElse(process.toHandle()));
                }
            } catch (IOException e) {
                launcher.close();
                throw new UncheckedIOException("Could not record the Meilisearch pid in " + directory, e);
            } catch (RuntimeException e) {
                launcher.close();
                throw e;
            }
            log.debug("Started {} from {}", launcher, executable);
            return launcher;
        }

        private List<String> command(Path executable, Path directory, int chosenPort) {
            List<String> command = new ArrayList<>();
            // a session of its own: a Ctrl-C in the terminal reaches the JVM, which stops Meilisearch in order
            MeilisearchBinary.findOnPath("setsid").ifPresent(setsid -> {
                command.add(setsid.toString());
                command.add("--wait");
            });
            command.addAll(List.of(executable.toString(),
                    "--http-addr", "127.0.0.1:" + chosenPort,
                    "--db-path", directory.resolve("data.ms").toString(),
                    "--env", "development",
                    "--no-analytics",
                    "--max-indexing-memory", maxIndexingMemory));
            if (maxIndexingThreads != null) {
                command.add("--max-indexing-threads");
                command.add(String.valueOf(maxIndexingThreads));
            }
            if (masterKey != null) {
                command.add("--master-key");
                command.add(masterKey);
            }
            return command;
        }

        private void awaitHealthy(Process process, String url, Path logFile) {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Meilisearch exited with code " + process.exitValue()
                            + " before it became healthy at " + url + ":\n" + ProcessLog.tail(logFile));
                }
                try {
                    HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("available")) {
                        return;
                    }
                } catch (ConnectException e) {
                    // not listening yet
                } catch (IOException e) {
                    log.debug("Meilisearch health check failed", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Meilisearch", e);
                }
                pause(process);
            }
            throw new IllegalStateException("Meilisearch at " + url + " was not healthy within " + startupTimeout
                    + ":\n" + ProcessLog.tail(logFile));
        }

        /** Waits a little between health checks, returning early if the process exits. */
        private static void pause(Process process) {
            try {
                process.onExit().get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // time to check again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Meilisearch", e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
