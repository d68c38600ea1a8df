package dovetail.embedded.postgres;

import dovetail.embedded.Processes;
import java.time.Duration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server left running on a persistent data directory by a JVM that was killed with -9:
 * {@code pg_ctl start} daemonizes the server, so it survives its launcher and would keep the port and the data.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    /** zonky's lock file; the JVM that owns the server holds a lock on it while it lives. */
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private StalePostmaster() {
    }

    static void stopIfRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(StalePostmaster::isPostgres);
        if (postmaster.isEmpty()) {
            return; // PostgreSQL removes a stale pid file itself when its process is gone
        }
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data directory " + dataDirectory
                        + " is in use by another running process; stop it or choose another data directory");
            }
            stop(postmaster.get(), dataDirectory);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + pidFile, e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Guards against a recycled pid that now belongs to something else. */
    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(true);
    }

    private static void stop(ProcessHandle postmaster, Path dataDirectory) {
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", postmaster.pid(), dataDirectory);
        postmaster.destroy();
        if (!Processes.awaitExit(postmaster, Duration.ofSeconds(20))) {
            log.warn("PostgreSQL (pid {}) did not stop within 20 s; killing it", postmaster.pid());
            postmaster.destroyForcibly();
            if (!Processes.awaitExit(postmaster, Duration.ofSeconds(10))) {
                throw new IllegalStateException("Could not stop PostgreSQL (pid " + postmaster.pid()
                        + ") that an earlier run left on " + dataDirectory);
            }
        }
    }
}
