package dovetail.embedded.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates and drops databases on any PostgreSQL server (embedded, a container or a team's own), given the URL of a
 * database to connect to for administration.
 */
public final class PostgresDatabases {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String DUPLICATE_DATABASE = "42P04";

    private PostgresDatabases() {
    }

    /**
     * Creates an empty database and returns its JDBC URL.
     *
     * @throws DatabaseExistsException when a database of that name already exists
     */
    public static String create(String serverJdbcUrl, String username, String password, String name) {
        requireValidName(name);
        try (Connection connection = DriverManager.getConnection(serverJdbcUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new DatabaseExistsException(name, e);
            }
            throw new IllegalStateException("Could not create database " + name + " via " + serverJdbcUrl, e);
        }
        return withDatabase(serverJdbcUrl, name);
    }

    /** Drops a database, ending its open sessions. */
    public static void drop(String serverJdbcUrl, String username, String password, String name) {
        requireValidName(name);
        try (Connection connection = DriverManager.getConnection(serverJdbcUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + name + " via " + serverJdbcUrl, e);
        }
    }

    /** The same server URL (hosts and parameters kept) pointing at another database. */
    public static String withDatabase(String jdbcUrl, String database) {
        String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        int hostsStart = prefix.length();
        int query = jdbcUrl.indexOf('?', hostsStart);
        int hostsEnd = jdbcUrl.indexOf('/', hostsStart);
        if (hostsEnd < 0 || (query >= 0 && hostsEnd > query)) {
            hostsEnd = query >= 0 ? query : jdbcUrl.length();
        }
        String parameters = query >= 0 ? jdbcUrl.substring(query) : "";
        return jdbcUrl.substring(0, hostsEnd) + "/" + database + parameters;
    }

    static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lowercase PostgreSQL database name: " + name);
        }
    }

    /** A database of the requested name exists already. */
    public static final class DatabaseExistsException extends IllegalStateException {
        DatabaseExistsException(String name, Throwable cause) {
            super("Database " + name + " already exists", cause);
        }
    }
}
