package dovetail.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class BearerTokensTest {

    private static SecurityProperties tokens(SecurityProperties.Token... tokens) {
        return new SecurityProperties(true, List.of(tokens));
    }

    @Test
    void withoutTokensOutsideDevelopmentModeDovetailRefusesToStart() {
        assertThatThrownBy(() -> new BearerTokens(tokens(), new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No bearer tokens are configured")
                .hasMessageContaining("dovetail.security.enabled=false");
    }

    @Test
    void inDevelopmentModeAnAdminTokenIsGenerated() {
        BearerTokens generated = new BearerTokens(tokens(),
                new MockEnvironment().withProperty("dovetail.development-mode", "true"));
        assertThat(generated.holders()).containsExactly(new BearerTokens.Holder("development-admin", Role.ADMIN));
    }

    @Test
    void inDevelopmentModeConfiguredTokensReplaceTheGeneratedOneAndALineSaysSo(CapturedOutput output) {
        BearerTokens configured = new BearerTokens(tokens(
                new SecurityProperties.Token("ci", Role.ADMIN, null, "ci-secret"),
                new SecurityProperties.Token("board", Role.READ, null, "board-secret")),
                new MockEnvironment().withProperty("dovetail.development-mode", "true"));

        assertThat(configured.holders()).extracting(BearerTokens.Holder::name).containsExactlyInAnyOrder("ci", "board");
        assertThat(output.getOut()).contains("Development mode: 2 configured token(s) (board, ci) are in use, so no "
                                             + "admin token is generated").doesNotContain("secret");
    }

    @Test
    void tokensAreFoundByTheirSecretWhetherConfiguredAsHashOrValue() {
        BearerTokens configured = new BearerTokens(tokens(
                new SecurityProperties.Token("ci", Role.ADMIN, BearerTokens.sha256("ci-secret").toUpperCase(), null),
                new SecurityProperties.Token("board", Role.READ, null, "board-secret")), new MockEnvironment());

        assertThat(configured.find("ci-secret")).contains(new BearerTokens.Holder("ci", Role.ADMIN));
        assertThat(configured.find("board-secret")).contains(new BearerTokens.Holder("board", Role.READ));
        assertThat(configured.find("board-secreT")).isEmpty();
        assertThat(configured.find("")).isEmpty();
    }

    @Test
    void aTokenNeedsExactlyOneOfHashOrValue() {
        assertThatThrownBy(() -> new BearerTokens(tokens(
                new SecurityProperties.Token("both", Role.READ, BearerTokens.sha256("x"), "x")), new MockEnvironment()))
                .hasMessage("Token both: give exactly one of sha256 or value");
        assertThatThrownBy(() -> new BearerTokens(tokens(
                new SecurityProperties.Token("none", Role.READ, null, null)), new MockEnvironment()))
                .hasMessage("Token none: give exactly one of sha256 or value");
    }
}
