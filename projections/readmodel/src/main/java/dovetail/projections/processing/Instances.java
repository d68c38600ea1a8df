package dovetail.projections.processing;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * This instance's identity among the Dovetail instances sharing one database, and how many of them are alive:
 * each instance records a heartbeat, and streaming processors size their share of segments by the live count,
 * so work spreads out as instances join and moves over as they leave.
 */
public class Instances {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String id;
    private final Duration expiry;
    private volatile int live = 1;

    Instances(JdbcTemplate jdbc, Clock clock, String configuredId, Duration expiry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.id = configuredId == null || configuredId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8)
                : configuredId;
        this.expiry = expiry;
    }

    /** Unique per running instance, also in one JVM; the owner of the tokens this instance claims. */
    public String id() {
        return id;
    }

    /** Live instances as of the last heartbeat (at least 1: this one). */
    public int live() {
        return live;
    }

    /** Records this instance as alive and counts the others that are. */
    public void heartbeat() {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                insert into dovetail_instance (id, last_seen) values (?, ?)
                on conflict (id) do update set last_seen = excluded.last_seen""", id, now);
        Timestamp cutoff = Timestamp.from(clock.instant().minus(expiry));
        Integer count = jdbc.queryForObject("select count(*) from dovetail_instance where last_seen > ?",
                Integer.class, cutoff);
        live = Math.max(1, count == null ? 1 : count);
        jdbc.update("delete from dovetail_instance where last_seen < ?",
                Timestamp.from(clock.instant().minus(expiry.multipliedBy(10))));
    }

    /** This instance leaves: the others take its share at their next heartbeat. */
    public void leave() {
        jdbc.update("delete from dovetail_instance where id = ?", id);
    }
}
