package dovetail.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.Dovetails;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ReadModel;
import dovetail.app.support.TestTokens;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * kill -9 of Dovetail half-way through a backfill, and half-way through capturing a stream of legacy writes: after
 * a restart the backfill goes on from its stored position by itself, the replication slot hands out again what
 * was not acknowledged, and the read model ends up with exactly the legacy table's ids and versions.
 */
@WithEngines
class MigrationCrashIT {

    private static final int ROWS = 20_000;
    private static final int WRITES = 400;
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledProcessLosesNothingMidBackfillOrMidCapture(TestEndpoints engines) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.of(MigrationCrashIT.class);
        legacy.insert(0, ROWS);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(engines.jdbcUrl(), engines.username(),
                engines.password()));
        ReadModel readModel = new ReadModel(jdbc);
        Path logs = Files.createDirectories(Path.of("target", "migration-crash-it"));
        int port = Dovetails.freePort();

        // killed while the backfill pages through the table
        Process first = start(engines, legacy, port, logs.resolve("first.log"));
        assertThat(graphQl(port, "mutation { startBackfill { __typename } }").at("/startBackfill/__typename").asText())
                .isEqualTo("Migration");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
               .until(() -> backfill(port).at("/position").asLong() >= 2_000);
        kill(first);
        assertThat(jdbc.queryForObject("select status from migration_backfill", String.class)).isEqualTo("RUNNING");
        assertThat(readModel.versions()).as("killed half-way").hasSizeLessThan(ROWS);

        // restarted, it goes on by itself and completes
        Process second = start(engines, legacy, port, logs.resolve("second.log"));
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(backfill(port).at("/status").asText()));
        assertThat(readModel.versions()).isEqualTo(legacy.versions());

        // killed while legacy writes stream in: one update per transaction, across the kill and the restart
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int n = 0; n < WRITES; n++) {
                legacy.jdbc().update("update things set name = 'written ' || ?::text, version = version + 1, "
                                     + "updated_on = now() where id = ?", n, (long) (n * 37) % ROWS);
                written.incrementAndGet();
            }
        });
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> written.get() >= WRITES / 4);
        kill(second);
        Process third = start(engines, legacy, port, logs.resolve("third.log"));
        writer.get();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions()).isEqualTo(legacy.versions()));
        assertThat(jdbc.queryForObject("select name from thing_view where id = ?", String.class,
                (long) ((WRITES - 1) * 37) % ROWS)).isEqualTo("written " + (WRITES - 1));
        JsonNode verified = graphQl(port, "mutation { verifyMigration { ... on VerificationReport { drift } } }");
        assertThat(verified.at("/verifyMigration/drift").asBoolean()).isFalse();
        third.destroy();
        assertThat(third.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    private Process start(TestEndpoints engines, LegacyDatabase legacy, int port, Path log) throws Exception {
        List<String> overrides = new ArrayList<>(legacy.properties());
        // no sync tasks: this test is about the way in, and the machine has two cores
        overrides.add("dovetail.sync-tasks.create-built-in=false");
        Process process = Dovetails.startProcess(engines, port, log, overrides.toArray(String[]::new));
        processes.add(process);
        return process;
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no acknowledgement of what was in flight
        process.waitFor();
    }

    private static JsonNode backfill(int port) throws Exception {
        return graphQl(port, "{ migration { backfill { status position } } }").at("/migration/backfill");
    }

    private static JsonNode graphQl(int port, String document) throws Exception {
        return JSON.readTree(new RawGraphQl(port).post("{\"query\": \"" + document + "\"}", TestTokens.ADMIN).body())
                   .get("data");
    }
}
