package dovetail.migration.legacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Connection-scoped PostgreSQL advisory locks in Dovetail's database, so that one instance at a time captures or
 * backfills. The lock lives as long as the connection that took it: a killed instance releases it with its socket.
 */
public final class AdvisoryLocks {

    public static final long CAPTURE = 0x646f7665_7461696cL;
    public static final long BACKFILL = 0x646f7665_7461696dL;

    private AdvisoryLocks() {
    }

    public static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
