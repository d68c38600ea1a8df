package dovetail.app.support;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the Thing read model directly: what every projection should converge to. */
public final class ReadModel {

    private final JdbcTemplate jdbc;

    public ReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Long> versions() {
        Map<String, Long> versions = new TreeMap<>();
        jdbc.query("select id, version from thing_view", row -> {
            versions.put(Long.toString(row.getLong("id")), row.getLong("version"));
        });
        return versions;
    }

    public Map<String, String> names() {
        Map<String, String> names = new TreeMap<>();
        jdbc.query("select id, name from thing_view", row -> {
            names.put(Long.toString(row.getLong("id")), row.getString("name"));
        });
        return names;
    }
}
