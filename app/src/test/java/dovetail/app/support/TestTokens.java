package dovetail.app.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.reactive.server.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/** The bearer tokens tests use, one per role; the reader's is configured by its hash, as production would. */
public final class TestTokens {

    public static final String ADMIN = "test-admin-token";
    public static final String OPERATOR = "test-operator-token";
    public static final String READ = "test-reader-token";
    /** SHA-256 of {@link #READ}. */
    public static final String READ_SHA256 = "0b2e8ed1ad9b540959ccfa412a59dbc86cf6a4874072936c2233bda4ced1e1c6";

    private TestTokens() {
    }

    /** Every request of the test's GraphQL client carries the admin token. */
    @TestConfiguration(proxyBeanMethods = false)
    static class AdminByDefault {

        @Bean
        WebTestClientBuilderCustomizer adminToken() {
            return builder -> builder.defaultHeader("Authorization", "Bearer " + ADMIN);
        }
    }
}
