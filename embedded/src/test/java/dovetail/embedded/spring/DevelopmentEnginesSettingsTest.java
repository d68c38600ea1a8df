package dovetail.embedded.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DevelopmentEnginesSettingsTest {

    @Test
    void furtherMeilisearchInstancesAreNamedAsDockerComposeNamesThem() {
        DevelopmentEnginesSettings settings = DevelopmentEnginesSettings.from(
                new MockEnvironment().withProperty("dovetail.embedded.meilisearch.instances", "3"));
        // the README's sharded example names its instances default, ms1 and ms2 in both places
        assertThat(settings.extraMeilisearchInstances()).containsExactly("ms1", "ms2");
    }
}
