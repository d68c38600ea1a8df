package dovetail.embedded.meilisearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a child process's log, to put into an error message. */
final class ProcessLog {

    private static final int LINES = 20;

    private ProcessLog() {
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }
}
