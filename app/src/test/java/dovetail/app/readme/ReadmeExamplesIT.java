package dovetail.app.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every {@code bash} example in README.md runs as written, in order, against a Dovetail as development mode sets it up
 * (a legacy store that may be seeded, webhooks allowed to the loopback host), with {@code TOKEN} set as the README
 * asks: each block exits 0 and every answer it prints is free of errors. A block that cannot run here says why in a
 * comment right above it ({@code <!-- not run by ReadmeExamplesIT: … -->}), and another test runs what it shows.
 */
@DovetailTest
@TestPropertySource(properties = {"dovetail.legacy.seedable=true", "dovetail.legacy.create-table=true",
        "dovetail.development-mode=true"})
class ReadmeExamplesIT {

    private static final String SKIP = "<!-- not run by ReadmeExamplesIT:";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(ReadmeExamplesIT.class).register(registry);
    }

    /** A fenced bash block of the README: where it starts, and whether and why it is left out. */
    record Block(int line, String script, String skipped) {
    }

    @Test
    void everyExampleRunsAsWrittenAndAnswersWithoutErrors() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Block> blocks = blocks(Files.readAllLines(root.resolve("README.md")));
        assertThat(blocks).filteredOn(block -> block.skipped() == null).hasSizeGreaterThanOrEqualTo(6);
        assertThat(blocks).filteredOn(block -> block.skipped() != null)
                .allSatisfy(block -> assertThat(block.skipped()).as("why block at line %d is not run", block.line())
                        .isNotBlank());
        for (Block block : blocks) {
            if (block.skipped() == null) {
                run(block, root);
            }
        }
    }

    private void run(Block block, Path root) throws Exception {
        // each curl answer on a line of its own, so the answers can be told apart
        String script = "set -e -o pipefail\ncurl() { command curl \"$@\"; echo; }\n"
                        + block.script().replace("localhost:8080", "localhost:" + port);
        Path log = Files.createTempFile("readme-block", ".txt");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        bash.environment().put("TOKEN", TestTokens.ADMIN);
        Process process = bash.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        String where = "README block at line " + block.line() + ", which printed:\n" + output;
        assertThat(finished).as(where).isTrue();
        assertThat(process.exitValue()).as(where).isZero();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                answers.add(JSON.readTree(line));
            }
        }
        assertThat(answers).as(where).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.has("errors")).as(where).isFalse();
            assertThat(answer.has("error-message")).as(where).isFalse();
            assertThat(answer.path("type").asText()).as(where).isNotIn("InternalError", "MalformedRequest");
        });
    }

    static List<Block> blocks(List<String> readme) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).equals("```bash")) {
                continue;
            }
            String previous = i > 0 ? readme.get(i - 1).trim() : "";
            String skipped = previous.startsWith(SKIP) ? previous.substring(SKIP.length()).replace("-->", "").trim()
                    : null;
            StringBuilder script = new StringBuilder();
            int line = i + 1;
            for (i = i + 1; i < readme.size() && !readme.get(i).equals("```"); i++) {
                script.append(readme.get(i)).append('\n');
            }
            blocks.add(new Block(line, script.toString(), skipped));
        }
        return blocks;
    }
}
