package dovetail.migration.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each source's acknowledged position, in Dovetail's database, written after the commands it covers are stored;
 * and which source follows the legacy table.
 */
final class CapturePositions {

    private static final String UPSERT = "insert into migration_capture (source, position, updated_at) values (?, ?, ?) "
            + "on conflict (source) do update set position = excluded.position, updated_at = excluded.updated_at";

    private final JdbcTemplate jdbc;

    CapturePositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> get(String source) {
        return jdbc.queryForList("select position from migration_capture where source = ?", String.class, source)
                   .stream().findFirst();
    }

    void remove(String source) {
        jdbc.update("delete from migration_capture where source = ?", source);
    }

    /** The source following the legacy table, and why it is polling where logical replication was asked for. */
    record TableSource(String source, String fallback) {
    }

    Optional<TableSource> tableSource() {
        return jdbc.query("select source, fallback from migration_capture_source where id = 'table'",
                (rs, i) -> new TableSource(rs.getString(1), rs.getString(2))).stream().findFirst();
    }

    void tableSource(TableSource chosen) {
        jdbc.update("insert into migration_capture_source (id, source, fallback, chosen_at) values ('table', ?, ?, ?) "
                    + "on conflict (id) do update set source = excluded.source, fallback = excluded.fallback, "
                    + "chosen_at = excluded.chosen_at", chosen.source(), chosen.fallback(), Timestamp.from(Instant.now()));
    }

    /** The time by Dovetail's database, the one clock every instance shares. */
    Instant now() {
        return jdbc.queryForObject("select clock_timestamp()", Timestamp.class).toInstant();
    }

    void put(String source, String position) {
        jdbc.update(UPSERT, source, position, Timestamp.from(Instant.now()));
    }

    /**
     * As {@link #put}, committed at once on a connection of its own even when called in a transaction: a drain
     * runs inside the cutover command's transaction, and the capturing instance must see its request while the
     * command waits for the answer.
     */
    void putAtOnce(String source, String position) {
        DataSource dataSource = Objects.requireNonNull(jdbc.getDataSource());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            connection.setAutoCommit(true);
            statement.setString(1, source);
            statement.setString(2, position);
            statement.setTimestamp(3, Timestamp.from(Instant.now()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record " + source + " in migration_capture", e);
        }
    }
}
