package dovetail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.embedded.ProcessMemory;
import dovetail.embedded.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Dovetail instance in a process of its own, started from the production jar with a fixed heap, as a cluster
 * runs it: its own port, the shared engines, a bearer token. Answers GraphQL and its own memory figures.
 */
final class Instance implements AutoCloseable {

    static final String TOKEN = "bench-admin-token-0123456789";
    /** Beside the heap, as the Dockerfile runs the jar (and ClusterIT): the serial collector, the C1 compiler. */
    private static final String PRODUCTION_JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private Instance(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code name} on {@code port} with {@code heap} (e.g. {@code 192m}), the JVM options in
     * {@code bench.jvm-options} (by default the production image's) and the settings given (as {@code name=value});
     * answers once its readiness probe is up. Its output goes to {@code target/<name>.log}.
     */
    static Instance start(String name, int port, String heap, List<String> settings) throws Exception {
        Path jar = Path.of(System.getProperty("bench.app-jar", "../app/target/dovetail-app-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no production jar at " + jar + ": run `mvn -q -pl bench -am install "
                    + "-DskipTests` from the project's root first, or pass -Dbench.app-jar=<path>");
        }
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-Daxoniq.update-checker.disabled=true"));
        String options = System.getProperty("bench.jvm-options", PRODUCTION_JVM_OPTIONS).trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        for (String setting : settings) {
            command.add("--" + setting);
        }
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port,
                "--dovetail.instance.id=" + name, "--dovetail.security.tokens[0].name=bench",
                "--dovetail.security.tokens[0].role=ADMIN", "--dovetail.security.tokens[0].value=" + TOKEN));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        Instance instance = new Instance(name, port, process, log);
        instance.awaitReady(Duration.ofMinutes(3));
        return instance;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    String name() {
        return name;
    }

    /** A GraphQL request; its {@code data}, or an exception naming the errors. */
    JsonNode graphQl(String query) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri("/graphql"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("query", query)))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || body.hasNonNull("errors")) {
            throw new IllegalStateException(name + " answered " + response.statusCode() + ": " + body);
        }
        return body.get("data");
    }

    /** The heap in use now, in bytes, as the instance's Prometheus meters tell it. */
    long heapUsed() throws IOException, InterruptedException {
        return ProcessMemory.heapUsed(HTTP.send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The CPU seconds the instance's process has used so far. */
    double cpuSeconds() {
        return CpuMeter.cpuSeconds(process.pid());
    }

    /** The process's resident set now, in bytes, or -1 where it cannot be read. */
    long residentSet() {
        return ProcessMemory.residentSet(process.pid()).orElse(-1);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Stops it as an orchestrator does (SIGTERM), by force after a minute. */
    @Override
    public void close() {
        Processes.terminate(process.toHandle(), Duration.ofMinutes(1));
    }
}
