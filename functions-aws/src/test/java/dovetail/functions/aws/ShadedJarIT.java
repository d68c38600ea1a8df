package dovetail.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact AWS gets: the shaded jar alone (plus a one-class harness standing in for the Lambda runtime) finds
 * its application through {@code Start-Class}, is configured by environment variables, and creates a Thing.
 */
@WithEngines
class ShadedJarIT {

    @TempDir
    Path work;

    @Test
    void theShadedJarAloneHandlesACommandConfiguredByEnvironmentVariables(TestEndpoints engines) throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().endsWith("-aws.jar")).findFirst().orElseThrow();
        }
        try (JarFile shaded = new JarFile(jar.toFile())) {
            assertThat(shaded.getManifest().getMainAttributes().getValue("Start-Class"))
                    .isEqualTo(ThingLambda.class.getName());
            assertThat(shaded.getEntry("dovetail/embedded/test/TestEngines.class")).isNull();
            assertThat(shaded.getEntry("com/meilisearch/sdk/Client.class")).isNull();
            assertThat(shaded.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class")).isNull();
        }
        Path event = Files.writeString(work.resolve("event.json"), "{\"name\": \"from the jar\", \"foo\": 7}");
        Path answer = work.resolve("answer.json");
        ProcessBuilder java = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", jar.toAbsolutePath() + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(),
                LambdaJarHarness.class.getName(), event.toString(), answer.toString()))
                .redirectErrorStream(true).redirectOutput(work.resolve("log.txt").toFile());
        java.environment().put("SPRING_DATASOURCE_URL", engines.jdbcUrl());
        java.environment().put("SPRING_DATASOURCE_USERNAME", engines.username());
        java.environment().put("SPRING_DATASOURCE_PASSWORD", engines.password());
        java.environment().put("SPRING_CLOUD_FUNCTION_DEFINITION", "createThing");
        java.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        Process process = java.start();

        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(work.resolve("log.txt"));
        assertThat(finished).as(log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        JsonNode thing = new ObjectMapper().readTree(answer.toFile());
        assertThat(thing.get("type").asText()).as(log).isEqualTo("Thing");
        assertThat(thing.get("name").asText()).isEqualTo("from the jar");
    }
}
