package dovetail.migration.capture;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ids polling has seen in the legacy table, kept in Dovetail's database so that a restart remembers them. */
final class LegacyIds {

    private final JdbcTemplate jdbc;

    LegacyIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void remember(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.batchUpdate("insert into migration_legacy_ids (id) values (?) on conflict (id) do nothing", ids,
                    ids.size(), (statement, id) -> statement.setLong(1, id));
        }
    }

    void forget(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.batchUpdate("delete from migration_legacy_ids where id = ?", ids, ids.size(),
                    (statement, id) -> statement.setLong(1, id));
        }
    }

    /** Up to {@code limit} remembered ids above {@code afterId} (null: from the start), in order. */
    List<Long> page(Long afterId, int limit) {
        return jdbc.queryForList("select id from migration_legacy_ids where id > ? order by id limit ?", Long.class,
                afterId == null ? Long.MIN_VALUE : afterId, limit);
    }
}
