package dovetail.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.LossAndLoopCheck;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drift repair on real PostgreSQL, while each side is primary in turn. Capture is off, so the legacy table can be
 * changed behind Dovetail's back (as a legacy application would, with capture missing it): rows go missing on
 * either side, versions move apart, content changes at the same version. A dry run lists what a repair would do
 * and changes nothing; the repair sends the primary side to the other (commands while the legacy store is
 * primary, the legacy sink's writes once Dovetail is), leaves a row that changed after the verifier ran as it is,
 * records itself in the migration's history, and afterwards the verifier finds nothing. Bad input, a weaker role
 * and a retired legacy store are refused with nothing changed.
 */
@DovetailTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftRepairIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int ROWS = 10;
    private static final String REPAIR = "mutation($dryRun: Boolean, $limit: Int) { repairDrift(dryRun: $dryRun, "
            + "limit: $limit) { __typename ... on UserError { message } ... on InvalidInput { problems { field } } "
            + "... on WrongMigrationMode { current } ... on DriftRepairReport { dryRun mode notReached counts { "
            + "missingInNew missingInLegacy stale different repaired skipped failed } rows { id kind action result "
            + "legacyVersion newVersion detail } } } }";

    private static LegacyDatabase legacy;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void legacyRows() {
        legacy = LegacyDatabase.of(DriftRepairIT.class);
        legacy.insert(0, ROWS);
    }

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(DriftRepairIT.class).register(registry);
        registry.add("dovetail.legacy.capture.mode", () -> "off");
        registry.add("dovetail.migration.verify-interval", () -> "0");
        registry.add("dovetail.sync-tasks.reconcile-interval", () -> "500ms");
    }

    @Test
    @Order(1)
    void aRepairNeedsAVerifierReport() {
        assertThat(repair(false, null).at("/__typename").asText()).isEqualTo("NoVerifierReport");
        assertThat(repair(true, null).at("/message").asText()).contains("run verifyMigration");
    }

    @Test
    @Order(2)
    void badInputAndWeakerRolesAreRefusedWithNothingRepaired() throws Exception {
        graphQl("mutation { startBackfill { __typename } }");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(
                graphQl("{ migration { backfill { status } } }").at("/migration/backfill/status").asText()));
        legacy.insert(100, 1);                                                               // missing in Dovetail
        legacy.jdbc().update("delete from things where id = 1");                              // missing in legacy
        legacy.jdbc().update("update things set version = version + 1, name = 'newer in legacy' where id = 2");
        legacy.jdbc().update("update things set version = version - 1 where id = 3");         // Dovetail ahead
        legacy.jdbc().update("update things set name = 'tampered' where id in (4, 5)");      // same version
        assertThat(verify().at("/counts").toString()).isEqualTo(
                "{\"missingInNew\":1,\"missingInLegacy\":1,\"stale\":2,\"different\":2}");
        Snapshot before = snapshot();

        for (int limit : new int[] {0, -3, 1001}) {
            JsonNode refused = repair(false, limit);
            assertThat(refused.at("/__typename").asText()).isEqualTo("InvalidInput");
            assertThat(refused.at("/problems/0/field").asText()).isEqualTo("limit");
        }
        JsonNode unreadable = new RawGraphQl(port).answer(REPAIR, Map.of("limit", "ten"));
        assertThat(unreadable.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
        String body = JSON.createObjectNode().put("query", "mutation { repairDrift { __typename } }").toString();
        for (String token : List.of(TestTokens.OPERATOR, TestTokens.READ)) {
            HttpResponse<String> response = new RawGraphQl(port).post(body, token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.body()).contains("FORBIDDEN", "repairDrift (needs admin)");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void whileTheLegacyStoreIsPrimaryCommandsBringDovetailToTheLegacyRows() throws Exception {
        Snapshot before = snapshot();
        JsonNode dryRun = repair(true, null);
        assertThat(snapshot()).as("a dry run changes nothing").isEqualTo(before);
        assertThat(dryRun.at("/dryRun").asBoolean()).isTrue();
        assertThat(dryRun.at("/mode").asText()).isEqualTo("LEGACY_PRIMARY");
        assertThat(outcomes(dryRun)).isEqualTo(Map.of("1", "MISSING_IN_LEGACY DELETE_IN_NEW PLANNED",
                "2", "STALE IMPORT_INTO_NEW PLANNED", "3", "STALE UPDATE_IN_NEW PLANNED",
                "4", "DIFFERENT UPDATE_IN_NEW PLANNED", "5", "DIFFERENT UPDATE_IN_NEW PLANNED",
                "100", "MISSING_IN_NEW IMPORT_INTO_NEW PLANNED"));
        assertThat(dryRun.at("/counts/repaired").asLong()).isEqualTo(6);

        // the legacy application writes row 5 again after the verifier ran: the repair must leave that change be
        legacy.jdbc().update("update things set name = 'changed after verification', version = version + 1, "
                             + "updated_on = now() where id = 5");
        long thingEvents = new LossAndLoopCheck(legacy, jdbc).thingEvents();
        JsonNode repaired = repair(false, null);
        assertThat(outcomes(repaired)).isEqualTo(Map.of("1", "MISSING_IN_LEGACY DELETE_IN_NEW REPAIRED",
                "2", "STALE IMPORT_INTO_NEW REPAIRED", "3", "STALE UPDATE_IN_NEW REPAIRED",
                "4", "DIFFERENT UPDATE_IN_NEW REPAIRED", "5", "DIFFERENT NONE SKIPPED",
                "100", "MISSING_IN_NEW IMPORT_INTO_NEW REPAIRED"));
        assertThat(repaired.at("/counts").toString()).isEqualTo("{\"missingInNew\":1,\"missingInLegacy\":1,"
                + "\"stale\":2,\"different\":1,\"repaired\":5,\"skipped\":1,\"failed\":0}");
        assertThat(new LossAndLoopCheck(legacy, jdbc).thingEvents()).isEqualTo(thingEvents + 5);
        EventStore events = new EventStore(jdbc);
        assertThat(events.typesFor("1")).endsWith("ThingDeleted");
        assertThat(events.typesFor("2")).containsExactly("ThingImported", "ThingImported");
        assertThat(events.typesFor("3")).endsWith("ThingUpdated");
        assertThat(events.typesFor("100")).containsExactly("ThingImported");
        assertThat(events.typesFor("5")).containsExactly("ThingImported");
        assertThat(lastHistoryEntry()).isEqualTo("MigrationDriftRepaired: from the legacy store: 5 repaired (missing in "
                + "Dovetail 1, missing in legacy 1, stale 2, different 1), 1 skipped, 0 failed; ids 1, 2, 3, 4, 100");
        assertThat(meters.get("dovetail.migration.drift.repairs").tag("kind", "different").tag("result", "skipped")
                .counter().count()).isEqualTo(1);

        // things-legacy writes the updated Things back; row 5 keeps what the legacy application wrote
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(legacy.row(3)).containsEntry("version", 4).containsEntry("name", "legacy-3");
            assertThat(legacy.row(4)).containsEntry("version", 5).containsEntry("name", "tampered");
        });
        assertThat(legacy.row(5)).containsEntry("version", 1).containsEntry("name", "changed after verification");
        JsonNode left = verify();
        assertThat(left.at("/counts").toString()).isEqualTo(
                "{\"missingInNew\":0,\"missingInLegacy\":0,\"stale\":1,\"different\":0}");
        assertThat(outcomes(repair(false, null))).isEqualTo(Map.of("5", "STALE IMPORT_INTO_NEW REPAIRED"));
        assertThat(verify().at("/drift").asBoolean()).isFalse();
        assertThat(thing(5).at("/name").asText()).isEqualTo("changed after verification");
    }

    @Test
    @Order(4)
    void onceDovetailIsPrimaryTheLegacySinkBringsTheLegacyTableToTheThings() throws Exception {
        assertThat(graphQl("mutation { cutOver { __typename ... on Migration { mode } } }").at("/cutOver/mode")
                .asText()).isEqualTo("NEW_PRIMARY");
        legacy.jdbc().update("delete from things where id = 6");                              // missing in legacy
        legacy.insert(200, 1);                                                               // missing in Dovetail
        legacy.jdbc().update("update things set version = version - 1 where id = 7");         // Dovetail ahead
        legacy.jdbc().update("update things set version = version + 1, name = 'legacy only' where id = 8");
        legacy.jdbc().update("update things set name = 'tampered' where id in (9, 0)");      // same version
        assertThat(verify().at("/counts").toString()).isEqualTo(
                "{\"missingInNew\":1,\"missingInLegacy\":1,\"stale\":2,\"different\":2}");
        Snapshot before = snapshot();
        JsonNode dryRun = repair(true, null);
        assertThat(snapshot()).as("a dry run changes nothing").isEqualTo(before);
        assertThat(outcomes(dryRun)).isEqualTo(Map.of("0", "DIFFERENT WRITE_TO_LEGACY PLANNED",
                "6", "MISSING_IN_LEGACY WRITE_TO_LEGACY PLANNED", "7", "STALE WRITE_TO_LEGACY PLANNED",
                "8", "STALE WRITE_TO_LEGACY PLANNED", "9", "DIFFERENT WRITE_TO_LEGACY PLANNED",
                "200", "MISSING_IN_NEW DELETE_FROM_LEGACY PLANNED"));

        // Thing 0 changes in Dovetail after the verifier ran, and things-legacy carries it over
        assertThat(graphQl("mutation { updateThing(input: {id: \\\"0\\\", name: \\\"changed in Dovetail\\\", foo: 3, "
                           + "expectedVersion: 0}) { ... on Thing { version } } }").at("/updateThing/version").asLong())
                .isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(legacy.row(0)).containsEntry("version", 1));
        JsonNode repaired = repair(false, null);
        assertThat(outcomes(repaired)).isEqualTo(Map.of("0", "DIFFERENT NONE SKIPPED",
                "6", "MISSING_IN_LEGACY WRITE_TO_LEGACY REPAIRED", "7", "STALE WRITE_TO_LEGACY REPAIRED",
                "8", "STALE WRITE_TO_LEGACY REPAIRED", "9", "DIFFERENT WRITE_TO_LEGACY REPAIRED",
                "200", "MISSING_IN_NEW DELETE_FROM_LEGACY REPAIRED"));
        assertThat(legacy.row(6)).containsEntry("version", 1).containsEntry("name", "legacy-6");
        assertThat(legacy.versions()).doesNotContainKey("200").containsEntry("7", 2L);
        // a legacy row at or past the Thing's version is written past it, and Dovetail imports that version
        assertThat(legacy.row(8)).containsEntry("version", 5).containsEntry("name", "legacy-8");
        assertThat(new EventStore(jdbc).typesFor("8")).containsExactly("ThingImported", "ThingImported");
        assertThat(thing(9).at("/version").asLong()).isEqualTo(5);
        assertThat(legacy.row(0)).containsEntry("name", "changed in Dovetail");
        assertThat(new EventStore(jdbc).typesFor("0")).containsExactly("ThingImported", "ThingUpdated");
        assertThat(verify().at("/drift").asBoolean()).isFalse();
        assertThat(lastHistoryEntry()).isEqualTo("MigrationDriftRepaired: from Dovetail: 5 repaired (missing in "
                + "Dovetail 1, missing in legacy 1, stale 2, different 1), 1 skipped, 0 failed; ids 6, 7, 8, 9, 200");
    }

    @Test
    @Order(5)
    void aRetiredLegacyStoreIsNotRepaired() {
        assertThat(graphQl("mutation { retireLegacy { __typename } }").at("/retireLegacy/__typename").asText())
                .isEqualTo("Migration");
        JsonNode refused = repair(true, null);
        assertThat(refused.at("/__typename").asText()).isEqualTo("WrongMigrationMode");
        assertThat(refused.at("/current").asText()).isEqualTo("LEGACY_RETIRED");
    }

    /** Both sides and the event store, to prove that something changed nothing. */
    private record Snapshot(long events, List<Map<String, Object>> legacyRows, List<Map<String, Object>> things) {
    }

    private Snapshot snapshot() {
        return new Snapshot(new EventStore(jdbc).count(), legacy.jdbc().queryForList("select * from things order by id"),
                jdbc.queryForList("select * from thing_view order by id"));
    }

    /** id → "KIND ACTION RESULT" of each row a repair took on. */
    private static Map<String, String> outcomes(JsonNode report) {
        Map<String, String> outcomes = new TreeMap<>();
        report.at("/rows").forEach(row -> outcomes.put(row.get("id").asText(), row.get("kind").asText() + " "
                + row.get("action").asText() + " " + row.get("result").asText()));
        return outcomes;
    }

    private JsonNode repair(Boolean dryRun, Integer limit) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("dryRun", dryRun);
        variables.put("limit", limit);
        JsonNode answer = new RawGraphQl(port).answer(REPAIR, variables);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        return answer.at("/data/repairDrift");
    }

    /** Runs the verifier; its counts without the row totals. */
    private JsonNode verify() {
        return graphQl("mutation { verifyMigration { ... on VerificationReport { drift counts { missingInNew "
                       + "missingInLegacy stale different } } } }").at("/verifyMigration");
    }

    private String lastHistoryEntry() {
        JsonNode history = graphQl("{ migration { history { type detail } } }").at("/migration/history");
        JsonNode last = history.get(history.size() - 1);
        return last.get("type").asText() + ": " + last.get("detail").asText();
    }

    private JsonNode thing(long id) {
        return graphQl("{ thing(id: \\\"" + id + "\\\") { name version } }").at("/thing");
    }

    private JsonNode graphQl(String document) {
        return new RawGraphQl(port).data(document);
    }
}
