package dovetail.migration.legacy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The legacy {@code things} table through a data source of its own. It is deliberately not a Spring
 * {@link DataSource} bean: one would replace Dovetail's own auto-configured data source.
 */
public final class LegacyStore implements AutoCloseable {

    private static final String COLUMNS = "id, name, foo, created_on, updated_on, version";
    private static final int INSERT_ATTEMPTS = 20;

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String table;
    private final String url;
    private final String username;
    private final String password;

    LegacyStore(LegacyProperties properties) {
        LegacyProperties.Datasource source = properties.datasource();
        HikariConfig config = new HikariConfig();
        config.setPoolName("legacy");
        config.setJdbcUrl(source.url());
        config.setUsername(source.username());
        config.setPassword(source.password());
        config.setMaximumPoolSize(source.maxPoolSize());
        config.setMinimumIdle(1);
        // the application starts even while the legacy store is down: health shows it, capture retries
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(10_000);
        this.dataSource = new HikariDataSource(config);
        this.jdbc = new JdbcTemplate(dataSource);
        this.table = properties.table();
        this.url = source.url();
        this.username = source.username();
        this.password = source.password();
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String table() {
        return table;
    }

    public String url() {
        return url;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The table in the legacy shape, as development mode and tests need it; a real legacy store has its own. */
    public void createTableIfMissing() {
        jdbc.execute("create table if not exists " + table + " (id bigint primary key, name text, foo integer, "
                     + "created_on timestamptz, updated_on timestamptz, version integer)");
    }

    public long count() {
        Long count = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return count == null ? 0 : count;
    }

    /** The largest id, or null for an empty table. */
    public Long maxId() {
        return jdbc.queryForObject("select max(id) from " + table, Long.class);
    }

    /** Up to {@code limit} rows with ids above {@code afterId} (null: from the start), in id order. */
    public List<LegacyRow> page(Long afterId, int limit) {
        return jdbc.query("select " + COLUMNS + " from " + table + " where id > ? order by id limit ?",
                LegacyStore::row, afterId == null ? Long.MIN_VALUE : afterId, limit);
    }

    /** Rows changed at or after {@code since} and after ({@code afterUpdatedOn}, {@code afterId}), oldest first. */
    public List<LegacyRow> changedAfter(Instant afterUpdatedOn, long afterId, int limit) {
        return jdbc.query("select " + COLUMNS + " from " + table + " where (updated_on, id) > (?, ?) "
                          + "order by updated_on, id limit ?", LegacyStore::row,
                Timestamp.from(afterUpdatedOn), afterId, limit);
    }

    /** Up to {@code limit} ids above {@code afterId} (null: from the start), in order. */
    public List<Long> ids(Long afterId, int limit) {
        return jdbc.queryForList("select id from " + table + " where id > ? order by id limit ?", Long.class,
                afterId == null ? Long.MIN_VALUE : afterId, limit);
    }

    public Optional<LegacyRow> find(long id) {
        return jdbc.query("select " + COLUMNS + " from " + table + " where id = ?", LegacyStore::row, id)
                   .stream().findFirst();
    }

    /** Writes each row unless the table holds it at the same or a newer version: a row never goes back. */
    public void upsert(List<LegacyRow> rows, int timeoutSeconds) {
        if (rows.isEmpty()) {
            return;
        }
        JdbcTemplate timed = timed(timeoutSeconds);
        timed.batchUpdate("insert into " + table + " as t (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?) "
                          + "on conflict (id) do update set name = excluded.name, foo = excluded.foo, "
                          + "created_on = excluded.created_on, updated_on = excluded.updated_on, "
                          + "version = excluded.version where t.version < excluded.version",
                rows, rows.size(), (statement, row) -> {
                    statement.setLong(1, row.id());
                    statement.setString(2, row.name());
                    statement.setLong(3, row.foo());
                    statement.setTimestamp(4, Timestamp.from(row.createdOn()));
                    statement.setTimestamp(5, Timestamp.from(row.updatedOn()));
                    statement.setLong(6, row.version());
                });
    }

    /** Updates each row that the table holds at an older version; never inserts one. */
    public void update(List<LegacyRow> rows, int timeoutSeconds) {
        if (rows.isEmpty()) {
            return;
        }
        timed(timeoutSeconds).batchUpdate("update " + table + " set name = ?, foo = ?, created_on = ?, updated_on = ?, "
                                          + "version = ? where id = ? and version < ?",
                rows, rows.size(), (statement, row) -> {
                    statement.setString(1, row.name());
                    statement.setLong(2, row.foo());
                    statement.setTimestamp(3, Timestamp.from(row.createdOn()));
                    statement.setTimestamp(4, Timestamp.from(row.updatedOn()));
                    statement.setLong(5, row.version());
                    statement.setLong(6, row.id());
                    statement.setLong(7, row.version());
                });
    }

    /** Deletes rows older than the deletion's version (a Thing deletion carries the version it gave the Thing). */
    public void delete(List<long[]> idsAndVersions, int timeoutSeconds) {
        if (idsAndVersions.isEmpty()) {
            return;
        }
        timed(timeoutSeconds).batchUpdate("delete from " + table + " where id = ? and version < ?",
                idsAndVersions, idsAndVersions.size(), (statement, pair) -> {
                    statement.setLong(1, pair[0]);
                    statement.setLong(2, pair[1]);
                });
    }

    /** A new row as the legacy system makes one: the next id after the largest, version 0. */
    public LegacyRow insertNew(String name, long foo, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.queryForObject("insert into " + table + " (" + COLUMNS + ") "
                                           + "select coalesce(max(id) + 1, 0), ?, ?, ?, ?, 0 from " + table
                                           + " returning " + COLUMNS, LegacyStore::row,
                        name, foo, Timestamp.from(now), Timestamp.from(now));
            } catch (DuplicateKeyException raced) {
                if (attempt == INSERT_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /** Updates a row at {@code expectedVersion} to the next version; empty when no row is at that version. */
    public Optional<LegacyRow> updateAt(long id, String name, long foo, long expectedVersion, Instant now) {
        return jdbc.query("update " + table + " set name = ?, foo = ?, updated_on = ?, version = version + 1 "
                          + "where id = ? and version = ? returning " + COLUMNS, LegacyStore::row,
                name, foo, Timestamp.from(now), id, expectedVersion).stream().findFirst();
    }

    /** Adds {@code count} demo rows after the largest id; answers how many the table holds then. */
    public long seed(int count, Instant now) {
        jdbc.update("insert into " + table + " (" + COLUMNS + ") "
                    + "select base + n, 'legacy thing ' || (base + n), ((base + n) % 97) + 1, ?, ?, 0 "
                    + "from (select coalesce(max(id) + 1, 0) as base from " + table + ") b, "
                    + "generate_series(0, ? - 1) n", Timestamp.from(now), Timestamp.from(now), count);
        return count();
    }

    /** PostgreSQL's {@code wal_level}, or null when the store is not PostgreSQL or does not tell. */
    public String walLevel() {
        try {
            return jdbc.queryForObject("show wal_level", String.class);
        } catch (RuntimeException notPostgres) {
            return null;
        }
    }

    private JdbcTemplate timed(int timeoutSeconds) {
        JdbcTemplate timed = new JdbcTemplate(dataSource);
        timed.setQueryTimeout(Math.max(1, timeoutSeconds));
        return timed;
    }

    static LegacyRow row(ResultSet rs, int index) throws SQLException {
        return new LegacyRow(rs.getLong("id"), rs.getString("name"), rs.getLong("foo"),
                instant(rs.getTimestamp("created_on")), instant(rs.getTimestamp("updated_on")), rs.getLong("version"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "legacy table " + table + " at " + url;
    }
}
