package dovetail.domain.thing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThingRulesTest {

    @Test
    void anUnpairedSurrogateInANameIsRefusedNamingTheField() {
        for (String name : List.of("bad\ud800", "x\udc00y", "\udbffz")) {
            List<Problem> problems = ThingRules.checkContent(name, 1.0);

            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("name");
                assertThat(problem.message()).contains("valid Unicode", "unpaired surrogate");
            });
        }
    }

    @Test
    void controlCharactersInsideANameAreRefused() {
        for (String name : List.of("a\u0000b", "two\nlines", "tab\tbed", "del\u007f", "c1\u0085x")) {
            assertThat(ThingRules.checkContent(name, 1.0)).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("name");
                assertThat(problem.message()).contains("control characters");
            });
        }
    }

    @Test
    void pairedSurrogatesAndWhitespaceTrimmedAtTheEndsAreAccepted() {
        assertThat(ThingRules.checkContent("lamp \uD83D\uDCA1", 1.0)).isEmpty();
        assertThat(ThingRules.checkContent("\tlamp\n", 1.0)).isEmpty();
        assertThat(ThingRules.checkContent("caf\u00e9 \u4e2d\u6587", 1.0)).isEmpty();
    }
}
