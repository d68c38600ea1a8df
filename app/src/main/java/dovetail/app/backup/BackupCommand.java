package dovetail.app.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The operator's commands of the server jar, run instead of the server: {@code export-events --file=…} writes the
 * event store to a file, {@code import-events --file=…} loads one into an empty store (creating the schema first).
 * Both find the database as the server does ({@code spring.datasource.url}, {@code username}, {@code password}, from
 * arguments or the environment, e.g. {@code SPRING_DATASOURCE_URL}), and need no {@code pg_dump}.
 */
public final class BackupCommand {

    static final String EXPORT = "export-events";
    static final String IMPORT = "import-events";
    private static final Set<String> COMMANDS = Set.of(EXPORT, IMPORT);
    private static final String USAGE = "usage: java -jar dovetail.jar (export-events | import-events) --file=<path> "
            + "[--spring.datasource.url=jdbc:postgresql://…] [--spring.datasource.username=…] "
            + "[--spring.datasource.password=…]";

    private BackupCommand() {
    }

    /** Whether the arguments ask for one of these commands rather than the server. */
    public static boolean handles(String... args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the command; answers the process's exit status (0 done, 1 refused or failed, 2 wrong arguments). */
    public static int run(PrintStream out, String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(
                new SimpleCommandLinePropertySource(Arrays.copyOfRange(args, 1, args.length)));
        Binder settings = Binder.get(environment);
        String url = settings.bind("spring.datasource.url", String.class).orElse(null);
        String file = settings.bind("file", String.class).orElse(null);
        if (url == null || file == null) {
            out.println((url == null ? "No database given (spring.datasource.url, or SPRING_DATASOURCE_URL). "
                    : "No --file given. ") + USAGE);
            return 2;
        }
        String username = settings.bind("spring.datasource.username", String.class).orElse(null);
        String password = settings.bind("spring.datasource.password", String.class).orElse(null);
        try {
            if (args[0].equals(EXPORT)) {
                try (Connection connection = DriverManager.getConnection(url, username, password)) {
                    BackupManifest manifest = EventStoreExport.export(connection, Path.of(file));
                    out.println("Exported " + summary(manifest) + " to " + file);
                }
            } else {
                try (ExportFile export = ExportFile.open(Path.of(file));
                     Connection connection = connect(url, username, password)) {
                    BackupManifest manifest = EventStoreImport.load(connection, export);
                    out.println("Imported " + summary(manifest) + " (exported " + manifest.exportedAt() + ") into "
                                + EventStoreImport.shown(url) + ". Start Dovetail on it (the first start rebuilds the read model), then run "
                                + "the mutation fullSyncAllTasks to rebuild every sync task's sink.");
                }
            }
            return 0;
        } catch (BackupRefused e) {
            out.println("Refused, nothing was written: " + e.getMessage());
            return 1;
        } catch (SQLException | IOException | RuntimeException e) {
            out.println(args[0] + " failed, nothing was written: " + e);
            return 1;
        }
    }

    /** A database with Dovetail's schema, created first in a fresh database (as the server's first start would). */
    private static Connection connect(String url, String username, String password) throws SQLException {
        Flyway.configure().dataSource(url, username, password).locations("classpath:db/migration").load().migrate();
        return DriverManager.getConnection(url, username, password);
    }

    private static String summary(BackupManifest manifest) {
        return manifest.rows(StoreTables.EVENTS) + " event(s) up to global index " + manifest.head() + ", "
               + manifest.rows(StoreTables.SNAPSHOTS) + " snapshot(s) and " + manifest.rows(StoreTables.KEYS)
               + " Thing key(s)";
    }
}
