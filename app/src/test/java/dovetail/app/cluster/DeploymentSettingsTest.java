package dovetail.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The image and the compose file run Dovetail as {@code ClusterIT} proves it: the same JVM memory flags, under the
 * 512 MB each instance stayed within, and three replicas.
 */
class DeploymentSettingsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theImageRunsTheJvmWithTheFlagsTheClusterTestMeasured() throws IOException {
        Matcher options = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
                .matcher(Files.readString(ROOT.resolve("Dockerfile")));
        assertThat(options.find()).as("JAVA_TOOL_OPTIONS in the Dockerfile").isTrue();
        assertThat(Arrays.asList(options.group(1).split("\\s+"))).containsAll(Cluster.JVM_OPTIONS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsThreeReplicasWithinTheMeasuredMemory() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> dovetail = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
                .get("dovetail");
        Map<String, Object> deploy = (Map<String, Object>) dovetail.get("deploy");
        assertThat(deploy.get("replicas")).isEqualTo(3);
        Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) deploy.get("resources"))
                .get("limits");
        assertThat(limits.get("memory")).isEqualTo(ClusterIT.RESIDENT_SET_LIMIT_MB + "M");
        // the image's flags hold unless the compose file overrides them
        assertThat((Map<String, Object>) dovetail.get("environment")).doesNotContainKey("JAVA_TOOL_OPTIONS");
        assertThat((List<String>) dovetail.get("ports")).containsExactly("8080-8082:8080");
    }
}
