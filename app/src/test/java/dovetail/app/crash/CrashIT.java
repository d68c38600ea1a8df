package dovetail.app.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.model.IndexesQuery;
import dovetail.app.support.Dovetails;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.app.support.TestTokens;
import dovetail.app.support.ThingLoad;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import dovetail.projections.search.MeilisearchClients;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.MeilisearchProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * kill -9 of the Dovetail process half-way through projecting a long history, and half-way through a full sync:
 * after a restart the index holds exactly the read model's ids and versions, nothing lost and nothing twice.
 */
@WithEngines
class CrashIT {

    private static final int THINGS = 20_000;
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRESS = "{\"query\": \"{ syncTask(id: \\\"things-search\\\") "
            + "{ position fullSync { phase position } } }\"}";

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledProcessLosesAndDuplicatesNothingMidProjectionOrMidFullSync(TestEndpoints engines) throws Exception {
        try (ConfigurableApplicationContext writer = Dovetails.start(engines,
                "dovetail.sync-tasks.create-built-in=false")) {
            ThingLoad.create(writer.getBean(CommandGateway.class), THINGS, 4);
        }
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(engines.jdbcUrl(), engines.username(),
                engines.password()));
        ReadModel readModel = new ReadModel(jdbc);
        Map<String, Long> expected = readModel.versions();
        assertThat(expected).hasSize(THINGS);
        MeilisearchProperties meilisearch = MeilisearchProperties.of(engines.meilisearchUrl(),
                engines.meilisearchApiKey(), engines.indexPrefix());
        MeilisearchIndexes indexes = new MeilisearchIndexes(MeilisearchClients.create(meilisearch), meilisearch);
        SearchIndex index = new SearchIndex(indexes, "things");
        Path logs = Files.createDirectories(Path.of("target", "crash-it"));

        // the first start creates the search task, which projects the whole history; killed after its first batches
        int port = Dovetails.freePort();
        Process first = start(engines, port, logs.resolve("first.log"));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
               .until(() -> progress(port).at("/position").asLong() > 0);
        kill(first);
        await().atMost(PATIENCE).until(() -> !indexes.client().index(indexes.fullIndexUid("things")).getStats()
                .isIndexing());
        assertThat(index.versions()).as("killed half-way").hasSizeLessThan(THINGS);

        Process second = start(engines, port, logs.resolve("second.log"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.versions()).isEqualTo(expected));

        // a full sync builds its copy; killed half-way through it, search still answers from the live index
        JsonNode started = JSON.readTree(new RawGraphQl(port).post("{\"query\": \"mutation { fullSyncTask(id: "
                + "\\\"things-search\\\") { __typename ... on SyncTask { status } } }\"}", TestTokens.ADMIN).body());
        assertThat(started.at("/data/fullSyncTask/status").asText()).isEqualTo("FULL_SYNC");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
               .until(() -> progress(port).at("/fullSync/position").asLong() > 0);
        kill(second);
        assertThat(jdbc.queryForObject("select full_sync_phase from sync_task where id = 'things-search'", String.class))
                .isEqualTo("BUILDING");
        assertThat(index.versions()).isEqualTo(expected);

        // restarted, the full sync goes on from the copy's position, swaps it in and drops the old index
        Process third = start(engines, port, logs.resolve("third.log"));
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select full_sync_phase = 'COMPLETED' from sync_task where id = 'things-search'", Boolean.class));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.versions()).isEqualTo(expected));
        List<String> uids = Arrays.stream(indexes.client().getIndexes(new IndexesQuery().setLimit(1000)).getResults())
                                  .map(com.meilisearch.sdk.Index::getUid).toList();
        // this test's copies only: the Meilisearch server is shared with other tests
        assertThat(uids).noneMatch(uid -> uid.startsWith(indexes.fullIndexUid("things") + "__rebuild_"));
        third.destroy();
        assertThat(third.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    private Process start(TestEndpoints engines, int port, Path log) throws Exception {
        // deliveries of at most 2,000 events while catching up: a history of 20,000 would otherwise go out to
        // Meilisearch in two large deliveries (the first two fifths of it), leaving hardly a "half-way" to kill in
        Process process = Dovetails.startProcess(engines, port, log, "dovetail.sync-tasks.catch-up-batch-limit=2000");
        processes.add(process);
        return process;
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop of the processors
        process.waitFor();
    }

    private static JsonNode progress(int port) throws Exception {
        return JSON.readTree(new RawGraphQl(port).post(PROGRESS, TestTokens.ADMIN).body()).at("/data/syncTask");
    }
}
