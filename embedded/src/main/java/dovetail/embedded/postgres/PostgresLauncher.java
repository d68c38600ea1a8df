package dovetail.embedded.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky binaries) bound to 127.0.0.1, with a persistent or a temporary data directory.
 */
public final class PostgresLauncher implements AutoCloseable {

    public static final String USERNAME = "postgres";
    /** zonky runs initdb with {@code -A trust}: any password is accepted, this one is handed to clients. */
    public static final String PASSWORD = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresLauncher.class);
    private static final String LOG_FILE = "postgres.log";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    /** Set for a temporary data directory: zonky deletes the data, we delete the folder around it. */
    private final Path temporaryLog;

    private PostgresLauncher(EmbeddedPostgres postgres, Path dataDirectory, Path temporaryLog) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.temporaryLog = temporaryLog;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String createDatabase(String name) {
        return PostgresDatabases.create(jdbcUrl(), USERNAME, PASSWORD, name);
    }

    /** Stops the server and deletes a temporary data directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL on port " + port(), e);
        } finally {
            if (temporaryLog != null) {
                FileUtils.deleteQuietly(temporaryLog.getParent().toFile());
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + jdbcUrl() + " (data in " + dataDirectory + ")";
    }

    public static final class Builder {

        private int port;
        private Path dataDirectory;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> serverConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Logical decoding on, so a database of this server can serve as a legacy store whose changes Dovetail
         * captures by logical replication (a slot per capturing database, hence the headroom).
         */
        public Builder logicalReplication() {
            return serverConfig("wal_level", "logical").serverConfig("max_replication_slots", "64")
                    .serverConfig("max_wal_senders", "64");
        }

        /** A server setting ({@code -c name=value}), e.g. {@code synchronous_commit=on} where durability matters. */
        public Builder serverConfig(String name, String value) {
            serverConfig.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * A data directory kept between runs (the server log goes to {@code <directory>.log} beside it); without
         * one, a temporary directory is used and deleted on close.
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        public PostgresLauncher start() {
            boolean temporary = dataDirectory == null;
            Path directory = null;
            Path logFile = null;
            try {
                // initdb wants an empty directory, and zonky sends its output to the same file as the server's:
                // the log sits beside the data directory
                if (temporary) {
                    Path parent = Files.createTempDirectory("dovetail-postgres");
                    directory = parent.resolve("data");
                    logFile = parent.resolve(LOG_FILE);
                } else {
                    directory = Files.createDirectories(dataDirectory).toAbsolutePath();
                    logFile = directory.resolveSibling(directory.getFileName() + ".log");
                    StalePostmaster.stopIfRunning(directory);
                }
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
                serverConfig.forEach(builder::setServerConfig);
                EmbeddedPostgres postgres = builder
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        // we stop it ourselves, after the application that uses it
                        .setRegisterShutdownHook(false)
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(temporary)
                        .setPort(port)
                        .setPGStartupWait(startupTimeout)
                        // a file, not a pipe: the server outlives a JVM killed with -9 and must not write into a dead pipe
                        .setOutputRedirector(ProcessBuilder.Redirect.to(logFile.toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.to(logFile.toFile()))
                        .start();
                PostgresLauncher launcher = new PostgresLauncher(postgres, directory, temporary ? logFile : null);
                log.debug("Started {}", launcher);
                return launcher;
            } catch (IOException | RuntimeException e) {
                if (temporary && directory != null) {
                    FileUtils.deleteQuietly(directory.getParent().toFile());
                }
                String where = temporary ? "a temporary data directory" : dataDirectory.toString();
                throw new IllegalStateException("Could not start PostgreSQL with " + where
                        + (port == 0 ? "" : " on port " + port) + ": " + e.getMessage()
                        + (logFile == null ? "" : "\n" + tail(logFile)), e);
            }
        }

        private static String tail(Path logFile) {
            try {
                List<String> lines = Files.readAllLines(logFile);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(no log at " + logFile + ")";
            }
        }
    }
}
