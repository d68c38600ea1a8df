package dovetail.projections.synctask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** A JFR recording of the named events from now until {@link #stop()}, read back. */
final class RecordedEvents implements AutoCloseable {

    private final Recording recording = new Recording();
    private final Set<String> names;

    private RecordedEvents(String... names) {
        this.names = Set.of(names);
        for (String name : names) {
            recording.enable(name).withoutStackTrace().withoutThreshold();
        }
        recording.start();
    }

    static RecordedEvents of(String... names) {
        return new RecordedEvents(names);
    }

    /** Ends the recording: the events of the named types committed since it began (JFR adds some of its own). */
    List<RecordedEvent> stop() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("recorded-events", ".jfr");
        try {
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(event -> names.contains(event.getEventType().getName())).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() {
        recording.close();
    }
}
