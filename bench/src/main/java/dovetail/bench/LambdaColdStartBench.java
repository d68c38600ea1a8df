package dovetail.bench;

import dovetail.embedded.postgres.PostgresLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Lambda artifact's cold start: the shaded jar run by its local invoker ({@code LocalInvoke}) in a fresh JVM on
 * one sample event, against a real PostgreSQL, several times per JVM configuration. The baseline is the jar as
 * deployed by default (Flyway on, no JVM flags); each other configuration is a ratio against it, from the same run.
 * Needs the jar built: {@code mvn -pl functions-aws -am package -DskipTests}.
 */
final class LambdaColdStartBench {

    private static final Pattern COLD_START = Pattern.compile(": (\\d+) ms \\(cold start");

    private LambdaColdStartBench() {
    }

    static void run(int runs) throws Exception {
        Path jar = jar();
        Path work = Files.createTempDirectory("lambda-cold-start");
        Path archive = work.resolve("lambda.jsa");
        try (PostgresLauncher postgres = PostgresLauncher.builder().start()) {
            String url = postgres.createDatabase("lambda");
            Map<String, String> environment = new LinkedHashMap<>(Map.of(
                    "SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", postgres.username(),
                    "SPRING_DATASOURCE_PASSWORD", postgres.password(),
                    "SPRING_CLOUD_FUNCTION_DEFINITION", "createThing", "AXONIQ_UPDATE_CHECKER_DISABLED", "true"));
            // the first start migrates the empty database; every measured start then finds the schema in place
            coldStart(jar, environment, List.of());
            // a class-data-sharing archive of what a start loads, written by one start, read by the others
            coldStart(jar, environment, List.of("-XX:ArchiveClassesAtExit=" + archive));
            Map<String, List<String>> configurations = new LinkedHashMap<>();
            configurations.put("default (Flyway validates at start)", List.of());
            configurations.put("SPRING_FLYWAY_ENABLED=false", List.of("env:SPRING_FLYWAY_ENABLED=false"));
            configurations.put("-XX:TieredStopAtLevel=1", List.of("-XX:TieredStopAtLevel=1"));
            configurations.put("lazy initialization", List.of("-Dspring.main.lazy-initialization=true"));
            configurations.put("AppCDS archive", List.of("-XX:SharedArchiveFile=" + archive));
            configurations.put("all of the above", List.of("env:SPRING_FLYWAY_ENABLED=false",
                    "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + archive));
            double baseline = 0;
            for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    times.add(coldStart(jar, environment, configuration.getValue()));
                }
                times.sort(null);
                long median = times.get(times.size() / 2);
                if (baseline == 0) {
                    baseline = median;
                }
                System.out.printf("%-38s median %,6d ms  (runs %s)  ratio %.2f%n", configuration.getKey(), median,
                        times, baseline / median);
            }
        }
    }

    /** One cold start in a fresh JVM: milliseconds to build the context and answer the first event. */
    private static long coldStart(Path jar, Map<String, String> environment, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Xshare:auto"));
        Map<String, String> env = new LinkedHashMap<>(environment);
        for (String option : options) {
            if (option.startsWith("env:")) {
                String[] pair = option.substring(4).split("=", 2);
                env.put(pair[0], pair[1]);
            } else {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", jar.toString(), "dovetail.functions.aws.LocalInvoke",
                module().resolve("events").resolve("create-thing.json").toString()));
        Path log = Files.createTempFile("lambda", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the Lambda jar failed: " + Files.readString(log));
        }
        Matcher matcher = COLD_START.matcher(Files.readString(log));
        if (!matcher.find()) {
            throw new IllegalStateException("no cold-start time in: " + Files.readString(log));
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The functions-aws module, whether this runs from the repository's root or from bench/ (as exec:java does). */
    private static Path module() {
        Path here = Path.of("functions-aws");
        return (Files.isDirectory(here) ? here : Path.of("..", "functions-aws")).toAbsolutePath().normalize();
    }

    private static Path jar() throws IOException {
        Path target = module().resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var found = files.filter(file -> file.getFileName().toString().endsWith("-aws.jar")).findFirst();
                if (found.isPresent()) {
                    return found.get().toAbsolutePath();
                }
            }
        }
        throw new IllegalStateException("build the Lambda jar first: mvn -pl functions-aws -am package -DskipTests");
    }
}
