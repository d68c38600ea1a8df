package dovetail.migration.capture;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each source's acknowledged position, in Dovetail's database, written after the commands it covers are stored. */
final class CapturePositions {

    private final JdbcTemplate jdbc;

    CapturePositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> get(String source) {
        return jdbc.queryForList("select position from migration_capture where source = ?", String.class, source)
                   .stream().findFirst();
    }

    void put(String source, String position) {
        jdbc.update("insert into migration_capture (source, position, updated_at) values (?, ?, ?) "
                    + "on conflict (source) do update set position = excluded.position, updated_at = excluded.updated_at",
                source, position, Timestamp.from(Instant.now()));
    }
}
