package dovetail.embedded.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link PostgresLauncherIT}: starts PostgreSQL on a persistent data directory, writes a row,
 * reports its port and waits to be killed with -9, which leaves the server running.
 */
public final class OrphanedPostgres {

    public static void main(String[] args) throws Exception {
        PostgresLauncher postgres = PostgresLauncher.builder().dataDirectory(Path.of(args[0])).start();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orphan (id int PRIMARY KEY)");
            statement.execute("INSERT INTO orphan VALUES (42)");
        }
        System.out.println("READY " + postgres.port());
        System.out.flush();
        System.in.read();
    }
}
