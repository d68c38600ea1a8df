package dovetail.embedded.meilisearch;

import dovetail.embedded.Processes;
import java.time.Duration;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a persistent Meilisearch data directory for as long as this JVM runs the server on it. The server runs in a
 * session of its own, so a JVM killed with -9 leaves it running: the next owner finds its pid and stops it.
 */
final class DataDirectoryLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataDirectoryLock.class);

    private final FileChannel channel;
    private final FileLock lock;
    private final Path pidFile;

    private DataDirectoryLock(FileChannel channel, FileLock lock, Path pidFile) {
        this.channel = channel;
        this.lock = lock;
        this.pidFile = pidFile;
    }

    static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
        FileChannel channel = FileChannel.open(dataDirectory.resolve("meilisearch.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Meilisearch data directory " + dataDirectory
                    + " is in use by another running process; stop it or choose another data directory");
        }
        DataDirectoryLock owner = new DataDirectoryLock(channel, lock, dataDirectory.resolve("meilisearch.pid"));
        owner.stopStaleServer(dataDirectory);
        return owner;
    }

    void recordServer(ProcessHandle server) throws IOException {
        Files.writeString(pidFile, Long.toString(server.pid()), StandardCharsets.US_ASCII);
    }

    private void stopStaleServer(Path dataDirectory) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> stale = parse(Files.readString(pidFile, StandardCharsets.US_ASCII))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command()
                        .map(command -> Path.of(command).getFileName().toString().startsWith("meilisearch"))
                        .orElse(false));
        if (stale.isPresent()) {
            ProcessHandle server = stale.get();
            log.warn("Stopping Meilisearch (pid {}) left running on {} by an earlier run", server.pid(), dataDirectory);
            Processes.terminate(server, Duration.ofSeconds(10));
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> parse(String pid) {
        try {
            return Optional.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(pidFile);
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.warn("Could not release {}", pidFile.getParent(), e);
        }
    }
}
