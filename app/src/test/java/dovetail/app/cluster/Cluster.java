package dovetail.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.support.Dovetails;
import dovetail.app.support.RawGraphQl;
import dovetail.embedded.test.TestEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Dovetail instances started from the production jar, each a process of its own on a port of its own, on one set
 * of engines, as an operator runs several on one machine. An instance keeps its port across restarts; each start
 * takes a new instance id ({@code node-<n>.<start>}), so the token store tells which start claimed what.
 */
final class Cluster implements AutoCloseable {

    /**
     * As the README starts an instance for several on one machine: a 192 MB heap, the serial collector (the JVM's own
     * choice on a small machine, with the least memory of its own) and the C1 compiler only (half the start time,
     * and no C2 compiler memory).
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Three instances starting at once on two busy cores take far longer than one alone. */
    private static final Duration START_PATIENCE = Duration.ofSeconds(240);

    private final TestEndpoints engines;
    private final Path logs;
    private final List<String> overrides;
    private final int[] ports;
    private final int[] starts;
    private final Process[] processes;

    Cluster(TestEndpoints engines, Path logs, int size, List<String> overrides) throws IOException {
        this.engines = engines;
        this.logs = logs;
        this.overrides = List.copyOf(overrides);
        this.ports = new int[size];
        this.starts = new int[size];
        this.processes = new Process[size];
        for (int n = 0; n < size; n++) {
            ports[n] = Dovetails.freePort();
        }
    }

    int size() {
        return ports.length;
    }

    /** Starts every instance at once; returns when all of them answer. */
    void startAll() {
        CompletableFuture.allOf(IntStream.range(0, size()).mapToObj(n -> CompletableFuture.runAsync(() -> {
            try {
                start(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })).toArray(CompletableFuture[]::new)).join();
    }

    /** Starts instance {@code n} (stopped or never started); returns once it answers its readiness probe. */
    void start(int n) throws IOException {
        assertThat(alive(n)).as("node %d runs already", n).isFalse();
        int start;
        synchronized (this) {
            start = ++starts[n];
        }
        List<String> all = new ArrayList<>(overrides);
        all.add("dovetail.instance.id=" + id(n, start));
        Process process = Dovetails.startJar(JVM_OPTIONS, engines, ports[n], logs.resolve("node-" + n + ".log"),
                START_PATIENCE, all.toArray(String[]::new));
        synchronized (this) {
            processes[n] = process;
        }
    }

    /** SIGTERM, as a rolling restart stops an instance, and waits until it has exited. */
    void stop(int n) throws InterruptedException {
        Process process = process(n);
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node %d stops within 60 s of SIGTERM", n).isTrue();
    }

    /** SIGKILL: no shutdown hook, no claims released, connections cut by the kernel. */
    void kill(int n) throws InterruptedException {
        process(n).destroyForcibly().waitFor();
    }

    synchronized boolean alive(int n) {
        return processes[n] != null && processes[n].isAlive();
    }

    synchronized Process process(int n) {
        return processes[n];
    }

    int port(int n) {
        return ports[n];
    }

    /** The id of instance {@code n}'s current (or last) start. */
    synchronized String id(int n) {
        return id(n, starts[n]);
    }

    /** The ids of the instances running now. */
    List<String> liveIds() {
        return IntStream.range(0, size()).filter(this::alive).mapToObj(this::id).toList();
    }

    RawGraphQl graphQl(int n) {
        return new RawGraphQl(ports[n]);
    }

    private static String id(int n, int start) {
        return "node-" + n + "." + start;
    }

    @Override
    public synchronized void close() {
        for (Process process : processes) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
