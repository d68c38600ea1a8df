package dovetail.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.LegacyApi;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.LossAndLoopCheck;
import dovetail.app.support.OtlpReceiver;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ReadModel;
import dovetail.app.support.TestTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole migration on real PostgreSQL, as one story: 10,000 legacy rows are backfilled (twice, the second time
 * changing nothing); legacy writes during dual-run are captured within a second; the verifier agrees, then finds
 * drift injected behind its back, and cutover is refused until it is fixed; after cutover, writes through GraphQL
 * and the facade reach the legacy table; rollback hands the writes back to the legacy side. After the backfill,
 * after the dual-run writes, after the writes while Dovetail is primary and after the rollback, both sides agree
 * on every id and version, each write added exactly one event, and nothing keeps echoing between them.
 */
@DovetailTest
@AutoConfigureObservability
class MigrationIT {

    private static final int ROWS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CAPTURED = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static LegacyDatabase legacy;
    private static OtlpReceiver traces;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void legacyRows() {
        legacy = LegacyDatabase.of(MigrationIT.class);
        legacy.insert(0, ROWS);
    }

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) throws IOException {
        LegacyDatabase.of(MigrationIT.class).register(registry);
        registry.add("dovetail.sync-tasks.reconcile-interval", () -> "500ms");
        traces = new OtlpReceiver();
        registry.add("management.otlp.tracing.endpoint", traces::endpoint);
        registry.add("management.tracing.opentelemetry.export.schedule-delay", () -> "100ms");
    }

    @AfterAll
    static void stopReceiver() {
        if (traces != null) {
            traces.close();
        }
    }

    @Test
    void dualRunFromBackfillThroughCutoverAndBack() throws Exception {
        ReadModel readModel = new ReadModel(jdbc);
        LossAndLoopCheck check = new LossAndLoopCheck(legacy, jdbc);
        LegacyApi api = new LegacyApi(port);
        await().atMost(PATIENCE).until(() -> migration().at("/capture/0/running").asBoolean());
        assertThat(migration().at("/mode").asText()).isEqualTo("LEGACY_PRIMARY");
        assertThat(migration().at("/capture/0/source").asText()).isEqualTo("logical-replication");
        JsonNode engines = JSON.readTree(new RawGraphQl(port).get("/actuator/health/engines", TestTokens.READ).body());
        assertThat(engines.at("/components/legacy/status").asText()).isEqualTo("UP");
        assertThat(engines.at("/components/legacy/details/walLevel").asText()).isEqualTo("logical");
        assertThat(engines.at("/components/legacy/details/capture.logical-replication").asText()).isEqualTo("running");

        // backfill: every legacy row, with its id, version and timestamps; a second run changes nothing
        assertThat(graphQl("mutation { startBackfill { __typename } }").at("/startBackfill/__typename").asText())
                .isEqualTo("Migration");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(migration().at("/backfill/status").asText()));
        assertThat(migration().at("/backfill/imported").asLong()).isEqualTo(ROWS);
        long afterBackfill = check.assertAt("after the backfill");
        assertThat(afterBackfill).as("one import per legacy row").isEqualTo(ROWS);
        Map<String, Object> imported = jdbc.queryForMap("select * from thing_view where id = 0");
        assertThat(imported).containsEntry("name", "legacy-0").containsEntry("version", 0L);
        assertThat(((Timestamp) imported.get("created_on")).toInstant()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        long events = new EventStore(jdbc).count();
        graphQl("mutation { startBackfill { __typename } }");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(migration().at("/backfill/status").asText()));
        assertThat(migration().at("/backfill/imported").asLong()).isZero();
        assertThat(migrationWith("history { type detail }").at("/history").findValuesAsText("detail"))
                .containsSubsequence("10000 rows imported", "0 rows imported");
        assertThat(new EventStore(jdbc).count()).as("events after a second backfill").isEqualTo(events + 2);

        // dual-run: legacy writes, directly and through the facade, are captured within a second
        legacy.jdbc().update("update things set name = 'renamed in legacy', foo = 7, version = version + 1, "
                             + "updated_on = now() where id = 42");
        await().atMost(CAPTURED).untilAsserted(() -> assertThat(readModel.versions().get("42")).isEqualTo(3L));
        // the capture is traced: a span for the captured transaction, one under it for the row, the import command
        // and the deliveries of its event in the same trace
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(traces.spans()).anySatisfy(span -> {
            assertThat(span.name()).isEqualTo("legacy change");
            assertThat(span.attribute("dovetail.legacy.id")).isEqualTo("42");
            assertThat(span.attribute("dovetail.capture.outcome")).isEqualTo("captured");
            List<OtlpReceiver.ReceivedSpan> trace = traces.trace(span.traceId());
            assertThat(trace).anySatisfy(capture -> {
                assertThat(capture.name()).isEqualTo("legacy capture");
                assertThat(capture.attribute("dovetail.capture.source")).isEqualTo("logical-replication");
                assertThat(capture.spanId()).isEqualTo(span.parentSpanId());
            });
            assertThat(trace).anySatisfy(command -> assertThat(command.name()).contains("ImportThings"));
            assertThat(trace).anySatisfy(delivery ->
                    assertThat(delivery.attribute("dovetail.task")).isEqualTo("things-search"));
        }));
        HttpResponse<String> created = api.post("/api/things/", "{\"name\": \"made in legacy\", \"foo\": 3}",
                TestTokens.OPERATOR);
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode made = JSON.readTree(created.body());
        assertThat(made.get("id").asLong()).isEqualTo(ROWS);
        assertThat(made.get("version").asLong()).isZero();
        await().atMost(CAPTURED).untilAsserted(() -> assertThat(readModel.versions()).containsEntry("" + ROWS, 0L));
        HttpResponse<String> updated = api.post("/api/things/" + ROWS,
                "{\"name\": \"changed in legacy\", \"foo\": 4, \"version\": 0}", TestTokens.OPERATOR);
        assertThat(updated.statusCode()).isEqualTo(200);
        await().atMost(CAPTURED).untilAsserted(() -> assertThat(readModel.versions()).containsEntry("" + ROWS, 1L));
        assertThat(thing(ROWS).at("/name").asText()).isEqualTo("changed in legacy");
        long afterDualRun = check.assertAt("after legacy writes during dual-run");
        assertThat(afterDualRun).as("one event per legacy write").isEqualTo(afterBackfill + 3);

        // the verifier agrees; then finds what is changed behind its back (no version bump, a version going back)
        JsonNode clean = graphQl("mutation { verifyMigration { ... on VerificationReport { drift counts { legacyRows "
                                 + "newRows total } } } }").at("/verifyMigration");
        assertThat(clean.at("/drift").asBoolean()).as(clean.toString()).isFalse();
        assertThat(clean.at("/counts/legacyRows").asLong()).isEqualTo(ROWS + 1);
        assertThat(clean.at("/counts/newRows").asLong()).isEqualTo(ROWS + 1);
        legacy.jdbc().update("update things set name = 'tampered' where id = 7");
        legacy.jdbc().update("update things set version = version - 1 where id = 9");
        JsonNode drift = graphQl("mutation { verifyMigration { ... on VerificationReport { drift counts { stale "
                                 + "different total } samples { id kind legacyVersion newVersion } } } }")
                .at("/verifyMigration");
        assertThat(drift.at("/counts/total").asLong()).isEqualTo(2);
        assertThat(drift.at("/counts/different").asLong()).isEqualTo(1);
        assertThat(drift.at("/counts/stale").asLong()).isEqualTo(1);
        assertThat(drift.at("/samples/0/id").asText()).isEqualTo("7");
        assertThat(drift.at("/samples/0/kind").asText()).isEqualTo("DIFFERENT");
        assertThat(drift.at("/samples/1/kind").asText()).isEqualTo("STALE");
        assertThat(scrape()).contains("dovetail_migration_drift{kind=\"different\"} 1.0");

        // cutover is refused while the verifier reports drift
        JsonNode refused = graphQl("mutation { cutOver { __typename ... on DriftFound { message report { counts "
                                   + "{ total } } } } }").at("/cutOver");
        assertThat(refused.at("/__typename").asText()).isEqualTo("DriftFound");
        assertThat(refused.at("/report/counts/total").asLong()).isEqualTo(2);
        assertThat(migration().at("/mode").asText()).isEqualTo("LEGACY_PRIMARY");

        // fixed on the legacy side (the legacy system writes newer versions), captured, then cutover goes through
        legacy.jdbc().update("update things set name = 'repaired', version = 10, updated_on = now() where id in (7, 9)");
        await().atMost(CAPTURED).untilAsserted(() -> assertThat(readModel.versions()).containsEntry("9", 10L));
        JsonNode cutOver = graphQl("mutation { cutOver { __typename ... on Migration { mode } } }").at("/cutOver");
        assertThat(cutOver.at("/mode").asText()).as(cutOver.toString()).isEqualTo("NEW_PRIMARY");

        // new primary: GraphQL and facade writes are commands, and reach the legacy table; new ids pass the legacy ones
        JsonNode viaGraphQl = graphQl("mutation { createThing(input: {name: \\\"made in dovetail\\\", foo: 2.5}) "
                                      + "{ ... on Thing { id version } } }").at("/createThing");
        long newId = viaGraphQl.get("id").asLong();
        assertThat(newId).isGreaterThan(ROWS);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(legacy.versions()).containsEntry("" + newId, 1L));
        assertThat(legacy.row(newId)).containsEntry("foo", 2).containsEntry("name", "made in dovetail");
        HttpResponse<String> facadeUpdate = api.post("/api/things/42",
                "{\"name\": \"changed through the facade\", \"foo\": 9, \"version\": 3}", TestTokens.OPERATOR);
        assertThat(facadeUpdate.statusCode()).as(facadeUpdate.body()).isEqualTo(200);
        assertThat(JSON.readTree(facadeUpdate.body()).get("version").asLong()).isEqualTo(4);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(legacy.row(42))
                .containsEntry("name", "changed through the facade").containsEntry("version", 4));
        HttpResponse<String> stale = api.post("/api/things/42", "{\"name\": \"late\", \"foo\": 9, \"version\": 3}",
                TestTokens.OPERATOR);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).get("error-message").asText()).contains("version 4");
        long afterCutOver = check.assertAt("after writes while Dovetail is primary");
        assertThat(afterCutOver).as("the two repairs captured, a create and an update, nothing for the refused one")
                .isEqualTo(afterDualRun + 4);

        // rollback: once the legacy table holds every change, the facade writes to it again
        JsonNode rolledBack = graphQl("mutation { rollBack { __typename ... on Migration { mode } } }").at("/rollBack");
        assertThat(rolledBack.at("/mode").asText()).isEqualTo("LEGACY_PRIMARY");
        HttpResponse<String> afterRollback = api.post("/api/things/" + newId,
                "{\"name\": \"back in legacy\", \"foo\": 5, \"version\": 1}", TestTokens.OPERATOR);
        assertThat(afterRollback.statusCode()).as(afterRollback.body()).isEqualTo(200);
        assertThat(legacy.row(newId)).containsEntry("name", "back in legacy").containsEntry("version", 2);
        await().atMost(CAPTURED).untilAsserted(() -> assertThat(readModel.versions()).containsEntry("" + newId, 2L));

        assertThat(check.assertAt("after the rollback")).as("the legacy write captured").isEqualTo(afterCutOver + 1);
        assertThat(graphQl("mutation { verifyMigration { ... on VerificationReport { drift } } }")
                .at("/verifyMigration/drift").asBoolean()).isFalse();
        JsonNode retire = graphQl("mutation { retireLegacy { __typename ... on WrongMigrationMode { current required } } }")
                .at("/retireLegacy");
        assertThat(retire.at("/__typename").asText()).isEqualTo("WrongMigrationMode");
        assertThat(retire.at("/required").asText()).isEqualTo("NEW_PRIMARY");
        assertThat(scrape()).contains("dovetail_migration_capture_lag_seconds_count{source=\"logical-replication\"}");
        JsonNode history = migrationWith("history { type }").at("/history");
        assertThat(history.findValuesAsText("type")).containsSubsequence("MigrationStarted",
                "MigrationBackfillStarted", "MigrationBackfillCompleted", "MigrationCutOver", "MigrationRolledBack");
    }

    private JsonNode thing(long id) throws Exception {
        return graphQl("{ thing(id: \\\"" + id + "\\\") { name version } }").at("/thing");
    }

    private JsonNode migration() throws Exception {
        return migrationWith("mode backfill { status imported total } capture { source running captured ignored }");
    }

    private JsonNode migrationWith(String fields) throws Exception {
        return graphQl("{ migration { " + fields + " } }").at("/migration");
    }

    private JsonNode graphQl(String document) {
        return new RawGraphQl(port).data(document);
    }

    private String scrape() {
        return new RawGraphQl(port).get("/actuator/prometheus", TestTokens.ADMIN).body();
    }
}
