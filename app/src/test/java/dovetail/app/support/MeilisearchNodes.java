package dovetail.app.support;

import dovetail.embedded.EmbeddedEngines;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Further real Meilisearch processes for sharded and replicated tasks, started together on free loopback ports with
 * data kept under {@code directory}, so one can be killed outright and started again with its data.
 */
public final class MeilisearchNodes implements AutoCloseable {

    private final Path directory;
    private final Map<String, MeilisearchLauncher> running = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private MeilisearchNodes(Path directory, EmbeddedEngines engines) {
        this.directory = directory;
        engines.meilisearchInstances().forEach((name, launcher) -> {
            running.put(name, launcher);
            ports.put(name, launcher.port());
        });
    }

    public static MeilisearchNodes start(Path directory, String... names) {
        EmbeddedEngines.Builder builder = EmbeddedEngines.builder();
        for (String name : names) {
            builder.meilisearchInstance(name, launcher(directory, name));
        }
        return new MeilisearchNodes(directory, builder.start());
    }

    // they share the test machine's cores with everything else: one indexing thread and a small budget each
    private static MeilisearchLauncher.Builder launcher(Path directory, String name) {
        return MeilisearchLauncher.builder().dataDirectory(directory.resolve(name)).maxIndexingThreads(1)
                .maxIndexingMemory("128MiB");
    }

    /** {@code dovetail.meilisearch.instances.<name>.url=...} for each, followed by {@code more}. */
    public String[] properties(String... more) {
        List<String> properties = new ArrayList<>();
        ports.forEach((name, port) -> properties.add("dovetail.meilisearch.instances." + name
                + ".url=http://127.0.0.1:" + port));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    /** SIGKILL, as a crash would. */
    public void kill(String name) {
        running.remove(name).kill();
    }

    /** Starts a killed instance again, on its port, with its data. */
    public void restart(String name) {
        running.put(name, launcher(directory, name).port(ports.get(name)).start());
    }

    @Override
    public void close() {
        // the launchers of killed instances are closed already; the engines hold nothing else
        running.values().forEach(MeilisearchLauncher::close);
    }
}
