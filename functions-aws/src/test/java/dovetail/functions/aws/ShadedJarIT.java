package dovetail.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.embedded.spring.DevelopmentKeys;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact AWS gets: the shaded jar alone, run by its own local invoker as the README shows, finds its
 * application through {@code Start-Class}, is configured by environment variables, and creates a Thing from each
 * sample event (plain JSON and an API Gateway proxy event).
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
        // the jar alone, run as the README shows, with the sample events it ships beside
        ProcessBuilder java = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", jar.toAbsolutePath().toString(), LocalInvoke.class.getName(),
                Path.of("events", "create-thing.json").toString(),
                Path.of("events", "api-gateway-create-thing.json").toString()))
                .redirectError(work.resolve("log.txt").toFile()).redirectOutput(work.resolve("answers.txt").toFile());
        java.environment().put("SPRING_DATASOURCE_URL", engines.jdbcUrl());
        java.environment().put("SPRING_DATASOURCE_USERNAME", engines.username());
        java.environment().put("SPRING_DATASOURCE_PASSWORD", engines.password());
        java.environment().put("SPRING_CLOUD_FUNCTION_DEFINITION", "createThing");
        java.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        java.environment().put("DOVETAIL_ERASURE_KEY_ENCRYPTION_KEY", DevelopmentKeys.KEY_ENCRYPTION_KEY);
        Process process = java.start();

        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(work.resolve("log.txt"));
        assertThat(finished).as(log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        List<String> answers = Files.readAllLines(work.resolve("answers.txt"));
        assertThat(answers).as(log).hasSize(2);
        JsonNode thing = new ObjectMapper().readTree(answers.get(0));
        assertThat(thing.get("type").asText()).as(log).isEqualTo("Thing");
        assertThat(thing.get("name").asText()).isEqualTo("lamp from a Lambda");
        JsonNode gateway = new ObjectMapper().readTree(answers.get(1));
        assertThat(gateway.get("statusCode").asInt()).as(answers.get(1)).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(gateway.get("body").asText()).get("name").asText())
                .isEqualTo("lamp through API Gateway");
        assertThat(log).contains("(cold start: context and first event)");
    }
}
