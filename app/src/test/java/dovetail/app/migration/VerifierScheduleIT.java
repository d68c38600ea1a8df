package dovetail.app.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The verifier on its schedule: nobody asks it for a report here, yet its gauges follow both sides (rows that
 * only the legacy table holds, then a backfill, then a row changed behind Dovetail's back) and its last report
 * moves on by itself.
 */
@DovetailTest
class VerifierScheduleIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int ROWS = 5;

    private static LegacyDatabase legacy;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void legacyRows() {
        // there before Dovetail follows the table: only a backfill brings them in
        legacy = LegacyDatabase.of(VerifierScheduleIT.class);
        legacy.insert(0, ROWS);
    }

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(VerifierScheduleIT.class).register(registry);
        registry.add("dovetail.migration.verify-interval", () -> "500ms");
    }

    @Test
    void theGaugesFollowBothSidesWithNoOneAskingForAReport() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(gauge("dovetail.migration.rows", "side", "legacy")).isEqualTo(ROWS);
            assertThat(gauge("dovetail.migration.drift", "kind", "missing_in_new")).isEqualTo(ROWS);
        });
        Instant firstReport = Instant.parse(lastReport().at("/at").asText());

        assertThat(graphQl("mutation { startBackfill { __typename } }").at("/startBackfill/__typename").asText())
                .isEqualTo("Migration");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(new ReadModel(jdbc).versions()).hasSize(ROWS));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(gauge("dovetail.migration.drift", "kind", "missing_in_new")).isZero();
            assertThat(gauge("dovetail.migration.rows", "side", "new")).isEqualTo(ROWS);
        });

        legacy.jdbc().update("update things set name = 'changed behind its back' where id = 2");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(gauge("dovetail.migration.drift", "kind", "different")).isEqualTo(1));
        JsonNode report = lastReport();
        assertThat(Instant.parse(report.at("/at").asText())).isAfter(firstReport);
        assertThat(report.at("/samples/0/id").asText()).isEqualTo("2");
        assertThat(report.at("/samples/0/kind").asText()).isEqualTo("DIFFERENT");
    }

    private double gauge(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).gauge().value();
    }

    /** The stored report, read (not run) through GraphQL. */
    private JsonNode lastReport() throws Exception {
        return graphQl("{ migration { lastReport { at samples { id kind } } } }").at("/migration/lastReport");
    }

    private JsonNode graphQl(String document) {
        return new RawGraphQl(port).data(document);
    }
}
