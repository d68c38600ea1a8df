package dovetail.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ReadModel;
import dovetail.app.support.TestTokens;
import dovetail.embedded.test.TestEngines;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Logical replication asked for explicitly, on a legacy server with {@code wal_level=logical} (this test's own), but
 * Dovetail's legacy user lacks the REPLICATION attribute: capture falls back to polling, says so (GraphQL and
 * health), creates no slot, captures the legacy writes, and a cutover drains the polling it really uses, a deleted
 * row included. Once the user may replicate, logical replication takes over again at the next start of the capture.
 */
@DovetailTest
class CaptureFallbackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration SLOT_PATIENCE = Duration.ofSeconds(120);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.onServerOfItsOwn(CaptureFallbackIT.class).registerAsUserWithoutReplication(registry);
        registry.add("dovetail.legacy.capture.mode", () -> "logical");
        registry.add("dovetail.legacy.capture.poll-interval", () -> "100ms");
        registry.add("dovetail.legacy.drain-timeout", () -> "10s");
    }

    @Test
    void capturesByPollingWhenTheLegacyServerRefusesToReplicate() throws Exception {
        LegacyDatabase legacy = LegacyDatabase.onServerOfItsOwn(CaptureFallbackIT.class);
        ReadModel readModel = new ReadModel(jdbc);
        await().atMost(PATIENCE).until(() -> capture().at("/running").asBoolean());
        JsonNode capture = capture();
        assertThat(capture.at("/source").asText()).isEqualTo("polling");
        assertThat(capture.at("/fallback").asText()).startsWith("logical replication refused: ").contains("42501");
        assertThat(capture.at("/lastError").isNull()).as(capture.toString()).isTrue();
        JsonNode engines = JSON.readTree(new RawGraphQl(port).get("/actuator/health/engines", TestTokens.READ).body());
        assertThat(engines.at("/components/legacy/details/walLevel").asText()).isEqualTo("logical");
        assertThat(engines.at("/components/legacy/details/capture.polling").asText()).isEqualTo("running");
        assertThat(engines.at("/components/legacy/details/capture.fallback").asText()).contains("42501");
        assertThat(legacy.jdbc().queryForObject("select count(*) from pg_replication_slots where slot_name = ?",
                Long.class, TestEngines.endpointsFor(CaptureFallbackIT.class).namespace())).isZero();

        legacy.jdbc().update("insert into things (id, name, foo, created_on, updated_on, version) "
                             + "select n, 'polled ' || n, n + 1, now(), now(), 0 from generate_series(0, 9) n");
        legacy.jdbc().update("update things set name = 'changed', version = 1, updated_on = now() where id = 4");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions())
                .hasSize(10).containsEntry("4", 1L).isEqualTo(legacy.versions()));

        // the cutover drains polling, the source in use (draining logical replication would wait for nothing),
        // deletions included: with deletes looked for once a minute here, the drain's own scan finds this one
        legacy.jdbc().update("delete from things where id = 7");
        JsonNode cutOver = graphQl("mutation { cutOver { __typename ... on Migration { mode } "
                                   + "... on CaptureNotDrained { reason } ... on DriftFound { message } } }");
        assertThat(cutOver.at("/cutOver/mode").asText()).as(cutOver.toString()).isEqualTo("NEW_PRIMARY");
        assertThat(readModel.versions()).hasSize(9).doesNotContainKey("7");
        String id = graphQl("mutation { createThing(input: {name: \\\"made in dovetail\\\", foo: 3}) "
                            + "{ ... on Thing { id } } }").at("/createThing/id").asText();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(legacy.versions()).containsEntry(id, 1L));

        // once the user may replicate, the next start of the capture (here after its connections were cut) goes
        // back to logical replication, polling catching up from its position first and then giving it up
        legacy.jdbc().execute("alter role " + legacy.appUser() + " replication");
        legacy.jdbc().update("update things set name = 'before the switch', version = 2, updated_on = now() where id = 5");
        legacy.jdbc().queryForList("select pg_terminate_backend(pid) from pg_stat_activity where usename = ?",
                legacy.appUser());
        // creating the logical slot waits until every transaction running on the server at that moment has ended:
        // the legacy server is this test's alone (on the suite's shared one, other tests' open transactions held it)
        try {
            await().atMost(SLOT_PATIENCE).until(() -> capture().at("/running").asBoolean()
                                                      && "logical-replication".equals(capture().at("/source").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException slotNeverCreated) {
            // name the transactions the slot creation waited for
            throw new AssertionError("logical replication did not take over within " + SLOT_PATIENCE
                    + "; oldest open transactions on the server: " + legacy.jdbc().queryForList(
                    "select pid, datname, usename, application_name, state, now() - xact_start as open_for, "
                    + "left(query, 300) as query from pg_stat_activity where xact_start is not null "
                    + "order by xact_start limit 8"), slotNeverCreated);
        }
        assertThat(capture().at("/fallback").isNull()).isTrue();
        assertThat(jdbc.queryForList("select source from migration_capture", String.class)).doesNotContain("polling");
        legacy.jdbc().update("update things set name = 'after the switch', version = 3, updated_on = now() where id = 5");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readModel.versions()).containsEntry("5", 3L)
                .isEqualTo(legacy.versions()));
    }

    private JsonNode capture() throws Exception {
        JsonNode statuses = graphQl("{ migration { capture { source running fallback lastError } } }")
                .at("/migration/capture");
        assertThat(statuses).hasSize(1);
        return statuses.get(0);
    }

    private JsonNode graphQl(String document) {
        return new RawGraphQl(port).data(document);
    }
}
