package dovetail.app.support;

import dovetail.app.DovetailApplication;
import dovetail.embedded.spring.DevelopmentKeys;
import dovetail.embedded.test.TestEndpoints;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts whole Dovetail instances by hand, for tests about restarts, outages and several instances at once. */
public final class Dovetails {

    private Dovetails() {
    }

    /** A Dovetail on the class's engines, with extra properties ({@code name=value}) taking precedence. */
    public static ConfigurableApplicationContext start(TestEndpoints engines, String... overrides) {
        // as command-line arguments: they outrank application.yml (builder properties would only be defaults)
        return new SpringApplicationBuilder(DovetailApplication.class)
                .run(arguments(engines, overrides).toArray(String[]::new));
    }

    /**
     * A Dovetail in a process of its own on the class's engines, listening on {@code port}, its output in
     * {@code log}: a process the test can kill outright. Returns once it answers its readiness probe.
     */
    public static Process startProcess(TestEndpoints engines, int port, Path log, String... overrides)
            throws IOException {
        return launch(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                DovetailApplication.class.getName()), engines, port, log, Duration.ofSeconds(120), overrides);
    }

    /**
     * As {@link #startProcess}, from the production jar ({@link #executableJar}) started as an operator would
     * ({@code java <jvmOptions> -jar …}), with up to {@code patience} to answer its readiness probe.
     */
    public static Process startJar(List<String> jvmOptions, TestEndpoints engines, int port, Path log,
                                   Duration patience, String... overrides) throws IOException {
        List<String> launcher = new ArrayList<>(jvmOptions);
        launcher.addAll(List.of("-jar", executableJar().toString()));
        return launch(launcher, engines, port, log, patience, overrides);
    }

    /** The server jar {@code package} builds ({@code app/target/dovetail-app-*-exec.jar}). */
    public static Path executableJar() throws IOException {
        Path target = Path.of(System.getProperty("dovetail.repository.root", ".."), "app", "target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "dovetail-app-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("No dovetail-app-*-exec.jar in " + target.toAbsolutePath()
                                        + ": the package phase builds it (mvn verify runs it before the ITs)");
    }

    private static Process launch(List<String> launcher, TestEndpoints engines, int port, Path log, Duration patience,
                                  String... overrides) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daxoniq.update-checker.disabled=true"));
        command.addAll(launcher);
        List<String> all = new ArrayList<>(List.of(overrides));
        all.add("server.port=" + port);
        command.addAll(arguments(engines, all.toArray(String[]::new)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Dovetail exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    /** A free loopback port. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> arguments(TestEndpoints engines, String... overrides) {
        List<String> properties = new ArrayList<>(List.of(
                "dovetail.embedded.enabled=false",
                "server.port=0",
                "spring.datasource.url=" + engines.jdbcUrl(),
                "spring.datasource.username=" + engines.username(),
                "spring.datasource.password=" + engines.password(),
                "spring.kafka.bootstrap-servers=" + engines.kafkaBootstrapServers(),
                "dovetail.meilisearch.url=" + engines.meilisearchUrl(),
                "dovetail.meilisearch.index-prefix=" + engines.indexPrefix(),
                "dovetail.kafka.topic-prefix=" + engines.topicPrefix(),
                "dovetail.sync-tasks.reconcile-interval=500ms",
                "dovetail.instance.heartbeat-expiry=3s",
                "dovetail.security.tokens[0].name=test-admin",
                "dovetail.security.tokens[0].role=ADMIN",
                "dovetail.security.tokens[0].value=" + TestTokens.ADMIN,
                DevelopmentKeys.PROPERTY + "=" + DevelopmentKeys.KEY_ENCRYPTION_KEY));
        properties.addAll(List.of(overrides));
        Map<String, String> byName = new LinkedHashMap<>();
        properties.forEach(property -> byName.put(property.substring(0, property.indexOf('=')), property));
        return byName.values().stream().map(property -> "--" + property).toList();
    }
}
