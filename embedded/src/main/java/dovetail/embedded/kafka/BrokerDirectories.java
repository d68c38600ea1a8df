package dovetail.embedded.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process broker keeps its logs in a {@code kafka-*} directory that Kafka's test kit makes in the temporary
 * folder and deletes when the broker stops or the JVM exits; a process killed with -9 leaves it behind. Each broker
 * marks its directory with its process (id and start time), and every start deletes the marked directories of
 * processes that are gone. Directories without the mark are not Dovetail's and are left alone.
 */
final class BrokerDirectories {

    static final String OWNER_FILE = "dovetail-owner";

    private static final Logger log = LoggerFactory.getLogger(BrokerDirectories.class);

    private BrokerDirectories() {
    }

    /** Marks a broker's directory as this process's. */
    static void mark(Path directory) {
        try {
            Files.writeString(directory.resolve(OWNER_FILE), owner(ProcessHandle.current()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("Could not mark {} as this process's; it is not cleaned up after a crash", directory, e);
        }
    }

    /** Deletes the {@code kafka-*} directories in {@code temporary} marked by processes that no longer run. */
    static void deleteStale(Path temporary) {
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(temporary, "kafka-*")) {
            for (Path directory : directories) {
                Path owner = directory.resolve(OWNER_FILE);
                if (Files.isRegularFile(owner) && !running(Files.readString(owner, StandardCharsets.UTF_8).strip())) {
                    log.info("Deleting {}, left by a broker whose process is gone", directory);
                    FileUtils.deleteQuietly(directory.toFile());
                }
            }
        } catch (IOException e) {
            log.debug("Could not look for stale broker directories in {}", temporary, e);
        }
    }

    /** Whether the process a mark names still runs: same id and, where known, same start time. */
    private static boolean running(String mark) {
        String[] parts = mark.split(" ", 2);
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
            return process.filter(ProcessHandle::isAlive).map(BrokerDirectories::owner)
                    .filter(current -> parts.length < 2 || current.equals(mark)).isPresent();
        } catch (NumberFormatException notOurs) {
            return true;
        }
    }

    private static String owner(ProcessHandle process) {
        return process.pid() + process.info().startInstant().map(Instant::toEpochMilli).map(start -> " " + start)
                .orElse("");
    }
}
