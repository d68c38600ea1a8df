package dovetail.migration.legacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection-scoped PostgreSQL advisory locks in Dovetail's database, so that one instance at a time captures,
 * backfills or runs the scheduled verifier. The lock lives as long as the connection that took it: a killed
 * instance releases it with its socket.
 */
public final class AdvisoryLocks {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLocks.class);

    public static final long CAPTURE = 0x646f7665_7461696cL;
    public static final long BACKFILL = 0x646f7665_7461696dL;
    public static final long VERIFY = 0x646f7665_7461696eL;

    private AdvisoryLocks() {
    }

    /**
     * Releases a lock {@code connection} holds. A pooled connection goes back to the pool with its session, and
     * the session would keep the lock: release it before closing. A connection that broke has lost it already.
     */
    public static void unlock(Connection connection, long key) {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setLong(1, key);
            statement.execute();
        } catch (SQLException broken) {
            log.debug("Could not release advisory lock {}; its session is gone with it", key, broken);
        }
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
