package dovetail.embedded.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dovetail.embedded.ChildJvm;
import dovetail.embedded.EngineChecks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresLauncherIT {

    @TempDir
    Path folder;

    Path dataDirectory;

    @BeforeEach
    void dataDirectory() {
        dataDirectory = folder.resolve("postgres");
    }

    @Test
    void keepsDataInAPersistentDirectoryAcrossAStopAndStart() throws SQLException {
        String database;
        try (PostgresLauncher postgres = PostgresLauncher.builder().dataDirectory(dataDirectory).start()) {
            database = postgres.createDatabase("kept");
            EngineChecks.writeAndReadRow(database, postgres.username(), postgres.password());
        }
        try (PostgresLauncher postgres = PostgresLauncher.builder().dataDirectory(dataDirectory).start()) {
            assertThat(EngineChecks.tableExists(postgres.jdbcUrl("kept"), postgres.username(), postgres.password(),
                    "joint")).isTrue();
        }
        assertThat(folder.resolve("postgres.log")).isNotEmptyFile();
    }

    @Test
    void givesEachDatabaseItsOwnTables() throws SQLException {
        try (PostgresLauncher postgres = PostgresLauncher.builder().start()) {
            String first = postgres.createDatabase("first");
            String second = postgres.createDatabase("second");
            EngineChecks.writeAndReadRow(first, postgres.username(), postgres.password());

            assertThat(EngineChecks.tableExists(second, postgres.username(), postgres.password(), "joint")).isFalse();
            assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + postgres.port());
        }
    }

    @Test
    void stopsAServerLeftRunningByAJvmKilledWithSignalNine() throws Exception {
        ChildJvm child = ChildJvm.start(OrphanedPostgres.class, dataDirectory.toString());
        int port = Integer.parseInt(child.awaitReady());

        assertThat(child.kill()).isTrue();
        assertThat(Files.exists(dataDirectory.resolve("postmaster.pid"))).isTrue();
        assertThat(selectOrphan("jdbc:postgresql://127.0.0.1:" + port + "/postgres"))
                .as("the orphaned server still answers").isEqualTo(42);

        try (PostgresLauncher postgres = PostgresLauncher.builder().dataDirectory(dataDirectory).port(port).start()) {
            assertThat(selectOrphan(postgres.jdbcUrl())).isEqualTo(42);
        }
    }

    private static int selectOrphan(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, PostgresLauncher.USERNAME,
                PostgresLauncher.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM orphan")) {
            assertThat(rows.next()).isTrue();
            return rows.getInt(1);
        }
    }
}
