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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code createThing} through the command gateway (validation, id allocation, event append and read-model
 * update in one transaction) against the floor under it: raw single-row inserts of an event-sized row into the
 * same PostgreSQL, one per transaction, from the same number of clients; and with the names encrypted (the default)
 * against a second Dovetail that stores them in clear ({@code dovetail.erasure.enabled=false}), in turns.
 */
final class CreateThingBench {

    private static final double TARGET_RATIO = 0.25;
    /** Encrypting the names (a data key made and stored per Thing) may cost at most a tenth of the throughput. */
    private static final double ENCRYPTION_TARGET = 0.9;

    private CreateThingBench() {
    }

    static void run(Duration duration, int clients) throws Exception {
        String durability = System.getProperty("bench.durable", "on");
        boolean durable = !"off".equals(durability);
        try (BenchDovetail dovetail = BenchDovetail.start(durable, false);
             BenchDovetail plain = BenchDovetail.start(durable, false, "dovetail.erasure.enabled=false")) {
            EngineEndpoints pg = dovetail.engines.endpoints();
            ConfigurableApplicationContext app = dovetail.app;
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            Load.Operation create = create(app.getBean(CommandGateway.class));
            Load.Operation createPlain = create(plain.app.getBean(CommandGateway.class));

            Load.run("warm-up", clients, Duration.ofSeconds(5), create);
            Load.run("warm-up, names stored in clear", clients, Duration.ofSeconds(5), createPlain);
            // encrypted and in clear in turns, each on its own PostgreSQL, so the machine's noise falls on both;
            // which goes first alternates, so neither always runs right after the other's load
            int rounds = Integer.getInteger("bench.rounds", 4);
            Duration half = duration.dividedBy(2);
            List<Load.Result> encrypted = new ArrayList<>();
            List<Load.Result> clear = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                if (round % 2 == 1) {
                    clear.add(Load.run("createThing, names in clear (round " + round + ")", clients, half, createPlain));
                }
                encrypted.add(Load.run("createThing, names encrypted (round " + round + ")", clients, half, create));
                if (round % 2 == 0) {
                    clear.add(Load.run("createThing, names in clear (round " + round + ")", clients, half, createPlain));
                }
            }
            double encryptedPerSecond = encrypted.stream().mapToDouble(Load.Result::perSecond).average().orElseThrow();
            double clearPerSecond = clear.stream().mapToDouble(Load.Result::perSecond).average().orElseThrow();

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
            for (int round = 0; round < rounds; round++) {
                System.out.println(clear.get(round).describe());
                System.out.println(encrypted.get(round).describe());
            }
            System.out.println(raw.describe());
            double ratio = encryptedPerSecond / raw.perSecond();
            System.out.printf("ratio (commands/s ÷ raw inserts/s): %.2f  (target ≥ %.2f: %s)%n", ratio,
                    TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met");
            double encryption = encryptedPerSecond / clearPerSecond;
            System.out.printf("ratio (names encrypted ÷ in clear): %.0f/s ÷ %.0f/s = %.2f  (target ≥ %.2f: %s)%n",
                    encryptedPerSecond, clearPerSecond, encryption, ENCRYPTION_TARGET,
                    encryption >= ENCRYPTION_TARGET ? "met" : "NOT met");
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
