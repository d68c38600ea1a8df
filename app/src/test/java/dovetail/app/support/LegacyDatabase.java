package dovetail.app.support;

import dovetail.embedded.postgres.PostgresDatabases;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.TestEngines;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test class's legacy store: a database of its own beside the class database ({@code <namespace>_legacy}) with
 * the legacy {@code things} table, and the properties that point Dovetail at it (its own replication slot too).
 */
public final class LegacyDatabase {

    private static final String APP_PASSWORD = "legacy-app";

    private final TestEndpoints engines;
    private final String name;
    private final String url;
    private final String username;
    private final String password;
    private final JdbcTemplate jdbc;

    private LegacyDatabase(TestEndpoints engines, String name, String url, String username, String password) {
        this.engines = engines;
        this.name = name;
        this.url = url;
        this.username = username;
        this.password = password;
        this.jdbc = new JdbcTemplate(new DriverManagerDataSource(url, username, password));
    }

    /** The legacy database of {@code testClass}, on the suite's server, created with an empty table on first call. */
    public static synchronized LegacyDatabase of(Class<?> testClass) {
        TestEndpoints engines = TestEngines.endpointsFor(testClass);
        return on(engines, engines.jdbcUrl(), engines.username(), engines.password());
    }

    /**
     * As {@link #of}, on a server of the test class's own ({@link TestEngines#ownPostgresFor}): for a test that creates
     * a logical replication slot, which waits for every transaction running on its server.
     */
    public static synchronized LegacyDatabase onServerOfItsOwn(Class<?> testClass) {
        TestEngines.PostgresServer server = TestEngines.ownPostgresFor(testClass);
        return on(TestEngines.endpointsFor(testClass), server.jdbcUrl(), server.username(), server.password());
    }

    private static LegacyDatabase on(TestEndpoints engines, String serverUrl, String username, String password) {
        String name = engines.namespace() + "_legacy";
        String url;
        try {
            url = PostgresDatabases.create(serverUrl, username, password, name);
        } catch (PostgresDatabases.DatabaseExistsException exists) {
            url = PostgresDatabases.withDatabase(serverUrl, name);
        }
        LegacyDatabase legacy = new LegacyDatabase(engines, name, url, username, password);
        legacy.jdbc.execute("create table if not exists things (id bigint primary key, name text, foo integer, "
                            + "created_on timestamptz, updated_on timestamptz, version integer)");
        return legacy;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** As Spring properties, for {@code @DynamicPropertySource}. */
    public void register(DynamicPropertyRegistry registry) {
        register(registry, properties());
    }

    /** As {@code name=value} overrides, for {@link Dovetails#start} and {@link Dovetails#startProcess}. */
    public List<String> properties() {
        return properties(username, password);
    }

    /**
     * As {@link #register}, with Dovetail connecting as a login role of its own that owns the legacy table but may
     * not replicate (no {@code REPLICATION} attribute): what a legacy server often grants an application.
     */
    public void registerAsUserWithoutReplication(DynamicPropertyRegistry registry) {
        String role = appUser();
        jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then "
                     + "create role " + role + " login noreplication nosuperuser password '" + APP_PASSWORD + "'; "
                     + "end if; end $$");
        jdbc.execute("grant create on database \"" + name + "\" to " + role);
        jdbc.execute("alter table things owner to " + role);
        register(registry, properties(role, APP_PASSWORD));
    }

    private static void register(DynamicPropertyRegistry registry, List<String> properties) {
        properties.forEach(property -> {
            int split = property.indexOf('=');
            registry.add(property.substring(0, split), () -> property.substring(split + 1));
        });
    }

    /** The role of {@link #registerAsUserWithoutReplication}. */
    public String appUser() {
        return engines.namespace() + "_app";
    }

    private List<String> properties(String username, String password) {
        return List.of("dovetail.legacy.datasource.url=" + url,
                "dovetail.legacy.datasource.username=" + username,
                "dovetail.legacy.datasource.password=" + password,
                "dovetail.legacy.capture.slot=" + engines.namespace(),
                "dovetail.legacy.drain-timeout=30s");
    }

    /**
     * Rows {@code first..first+count-1} as the legacy system would have them: {@code legacy-<id>}, a non-zero foo,
     * versions 0..4, timestamps in the past.
     */
    public void insert(long first, int count) {
        Timestamp created = Timestamp.from(Instant.parse("2024-05-01T10:00:00Z"));
        jdbc.update("insert into things (id, name, foo, created_on, updated_on, version) "
                    + "select n, 'legacy-' || n, (n % 50) + 1, ?::timestamptz, ?::timestamptz + n * interval '1 millisecond', n % 5 "
                    + "from generate_series(?::bigint, ?::bigint) n", created, created, first, first + count - 1);
    }

    /** id → version of every legacy row. */
    public Map<String, Long> versions() {
        Map<String, Long> versions = new TreeMap<>();
        jdbc.query("select id, version from things", row -> {
            versions.put(Long.toString(row.getLong("id")), row.getLong("version"));
        });
        return versions;
    }

    public Map<String, Object> row(long id) {
        return jdbc.queryForMap("select * from things where id = ?", id);
    }

    public long count() {
        Long count = jdbc.queryForObject("select count(*) from things", Long.class);
        return count == null ? 0 : count;
    }
}
