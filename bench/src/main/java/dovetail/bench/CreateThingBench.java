package dovetail.bench;

import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.embedded.EngineEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code createThing} through the command gateway (validation, id allocation, event append and read-model
 * update in one transaction) against the floor under it: raw single-row inserts of an event-sized row into the
 * same PostgreSQL, one per transaction, from the same number of clients.
 */
final class CreateThingBench {

    private static final double TARGET_RATIO = 0.25;

    private CreateThingBench() {
    }

    static void run(Duration duration, int clients) throws Exception {
        String durability = System.getProperty("bench.durable", "on");
        try (BenchDovetail dovetail = BenchDovetail.start(!"off".equals(durability), false)) {
            EngineEndpoints pg = dovetail.engines.endpoints();
            ConfigurableApplicationContext app = dovetail.app;
            CommandGateway commands = app.getBean(CommandGateway.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

            Load.Operation create = create(commands);
            Load.run("warm-up", clients, Duration.ofSeconds(5), create);
            Load.Result gateway = Load.run("createThing via command gateway", clients, duration, create);

            int payloadBytes = jdbc.queryForObject(
                    "select avg(length(payload))::int from domain_event_entry", Integer.class);
            int metaBytes = jdbc.queryForObject(
                    "select coalesce(avg(length(meta_data)), 0)::int from domain_event_entry", Integer.class);
            jdbc.execute("create table bench_raw_event (like domain_event_entry including all)");
            jdbc.execute("create sequence bench_raw_event_seq");

            Load.Result raw = rawInserts(pg, clients, duration, payloadBytes, metaBytes);

            System.out.println();
            System.out.println("create-thing benchmark, " + clients + " clients, " + duration.toSeconds()
                    + " s each, fsync and synchronous_commit " + durability);
            System.out.printf("event row size: payload %d B, metadata %d B%n", payloadBytes, metaBytes);
            System.out.println(gateway.describe());
            System.out.println(raw.describe());
            double ratio = gateway.perSecond() / raw.perSecond();
            System.out.printf("ratio (commands/s ÷ raw inserts/s): %.2f  (target ≥ %.2f: %s)%n", ratio,
                    TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met");
            System.out.printf("heap used after run: %d MB%n",
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024));
        }
    }

    /** One {@code createThing} through the gateway, a new Thing each call. */
    static Load.Operation create(CommandGateway commands) {
        return (client, n) -> {
            ThingOutcome outcome = commands.sendAndWait(new CreateThing("bench " + client + "-" + n, n * 0.5));
            if (!(outcome instanceof ThingAccepted)) {
                throw new IllegalStateException("refused: " + outcome);
            }
        };
    }

    private static Load.Result rawInserts(EngineEndpoints pg, int clients, Duration duration, int payloadBytes,
                                          int metaBytes) throws Exception {
        Connection[] connections = new Connection[clients];
        PreparedStatement[] statements = new PreparedStatement[clients];
        for (int i = 0; i < clients; i++) {
            connections[i] = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
            connections[i].setAutoCommit(true);
            statements[i] = connections[i].prepareStatement("""
                    insert into bench_raw_event (global_index, event_identifier, aggregate_identifier,
                        sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)
                    values (nextval('bench_raw_event_seq'), ?, ?, 0, 'Thing', ?, 'dovetail.domain.thing.ThingCreated',
                        null, ?, ?)""");
        }
        try {
            return Load.run("raw insert, one row per transaction", clients, duration, (client, n) -> {
                PreparedStatement insert = statements[client];
                byte[] payload = new byte[payloadBytes];
                byte[] meta = new byte[metaBytes];
                ThreadLocalRandom.current().nextBytes(payload);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, client + "-" + n);
                insert.setString(3, Instant.now().toString());
                insert.setBytes(4, payload);
                insert.setBytes(5, meta);
                insert.executeUpdate();
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
