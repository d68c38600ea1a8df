package dovetail.embedded.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import dovetail.embedded.EngineChecks;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Runs applications the way development mode does. The engines it starts live until this JVM exits, so the data
 * directory sits under target/ rather than in a JUnit temporary directory.
 */
class DevelopmentEnginesListenerIT {

    static Path dataDirectory;

    @BeforeAll
    static void dataDirectory() throws Exception {
        Files.createDirectories(Path.of("target"));
        dataDirectory = Files.createTempDirectory(Path.of("target"), "development-engines");
    }

    @Test
    void startsTheEnginesOnceAndPointsEveryApplicationAtThem() throws Exception {
        String datasourceUrl;
        try (ConfigurableApplicationContext first = run(Map.of())) {
            Environment environment = first.getEnvironment();
            datasourceUrl = environment.getProperty("spring.datasource.url");
            assertThat(datasourceUrl).startsWith("jdbc:postgresql://127.0.0.1:");
            try (Connection connection = DriverManager.getConnection(datasourceUrl,
                    environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"))) {
                assertThat(connection.isValid(5)).isTrue();
            }
            // the embedded legacy store: its own database on the same server, which logical replication can follow
            String legacyUrl = environment.getProperty("dovetail.legacy.datasource.url");
            assertThat(legacyUrl).endsWith("/legacy");
            try (Connection legacy = DriverManager.getConnection(legacyUrl,
                    environment.getProperty("dovetail.legacy.datasource.username"),
                    environment.getProperty("dovetail.legacy.datasource.password"));
                 java.sql.ResultSet walLevel = legacy.createStatement().executeQuery("show wal_level")) {
                assertThat(walLevel.next()).isTrue();
                assertThat(walLevel.getString(1)).isEqualTo("logical");
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    environment.getProperty("spring.kafka.bootstrap-servers")))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
            assertThat(EngineChecks.send(environment.getProperty("dovetail.meilisearch.url"), null, "GET", "/health",
                    null).body()).contains("available");
            assertThat(environment.getProperty("dovetail.meilisearch.api-key")).isNull();
            assertThat(dataDirectory.resolve("postgres").resolve("PG_VERSION")).exists();
            assertThat(dataDirectory.resolve("meilisearch").resolve("data.ms")).isDirectory();
        }
        try (ConfigurableApplicationContext second = run(Map.of("dovetail.embedded.enabled", "true"))) {
            assertThat(second.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(datasourceUrl);
        }
    }

    /** A failed start would otherwise leave the engines' threads running, and a development JVM that never exits. */
    @Test
    void stopsTheEnginesWhenTheApplicationFailsToStart() throws Exception {
        Environment engines;
        try (ConfigurableApplicationContext started = run(Map.of())) {
            engines = started.getEnvironment();
        }
        String url = engines.getProperty("spring.datasource.url");
        String user = engines.getProperty("spring.datasource.username");
        String password = engines.getProperty("spring.datasource.password");
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            assertThat(connection.isValid(5)).isTrue();
        }

        assertThatThrownBy(() -> run(FailsToStart.class, Map.of())).hasRootCauseMessage("cannot start");

        assertThat(System.getProperties().stringPropertyNames())
                .noneMatch(name -> name.startsWith("dovetail.embedded.started."));
        assertThatThrownBy(() -> DriverManager.getConnection(url, user, password)).isInstanceOf(SQLException.class);
        // the next start in this JVM starts them again
        try (ConfigurableApplicationContext again = run(Map.of());
             Connection connection = DriverManager.getConnection(
                     again.getEnvironment().getProperty("spring.datasource.url"), user, password)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void staysOffWhenTheApplicationHasADatabase() {
        try (ConfigurableApplicationContext context = run(Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.example:5432/dovetail"))) {
            assertThat(context.getEnvironment().getPropertySources()
                    .contains(DevelopmentEnginesListener.PROPERTY_SOURCE_NAME)).isFalse();
            assertThat(context.getEnvironment().getProperty("spring.datasource.url"))
                    .isEqualTo("jdbc:postgresql://db.example:5432/dovetail");
        }
    }

    @Test
    void staysOffWhenDisabled() {
        try (ConfigurableApplicationContext context = run(Map.of("dovetail.embedded.enabled", "false"))) {
            assertThat(context.getEnvironment().getPropertySources()
                    .contains(DevelopmentEnginesListener.PROPERTY_SOURCE_NAME)).isFalse();
        }
    }

    private static ConfigurableApplicationContext run(Map<String, Object> properties) {
        return run(NoBeans.class, properties);
    }

    private static ConfigurableApplicationContext run(Class<?> application, Map<String, Object> properties) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(Map.of(
                        "dovetail.embedded.data-dir", dataDirectory.toString(),
                        "dovetail.embedded.postgres.port", 0,
                        "dovetail.embedded.kafka.port", 0,
                        "dovetail.embedded.meilisearch.port", 0))
                .properties(properties)
                .run();
    }

    @SpringBootConfiguration
    static class NoBeans {
    }

    @SpringBootConfiguration
    static class FailsToStart {
        @Bean
        Object refusing() {
            throw new IllegalStateException("cannot start");
        }
    }
}
