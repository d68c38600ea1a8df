package dovetail.app.searchscale;

import static dovetail.app.searchscale.SearchScale.search;
import static dovetail.app.searchscale.SearchScale.things;
import static dovetail.app.searchscale.SearchScale.versionsByInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.searchscale.SearchScale.Running;
import dovetail.app.support.RawGraphQl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.context.WebServerApplicationContext;
import dovetail.domain.search.SearchThings;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskTargetView;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Meilisearch processes as replicas of the Things index. One is killed (SIGKILL) while Things keep being
 * written: search keeps answering from the other, the dead one's target reports its failure without holding up the
 * other, and once it is started again it catches up from its own position until its index equals the other's.
 */
@WithEngines
class ReplicaFailoverIT {

    private static final String[] REPLICAS = {"ms-a", "ms-b"};

    @TempDir
    Path data;

    @Test
    void searchKeepsAnsweringWhileAReplicaIsDownAndTheReplicaCatchesUp(TestEndpoints engines) throws Exception {
        try (Running scale = Running.start(engines, data, REPLICAS,
                things("things", MeilisearchTopology.REPLICATED, REPLICAS))) {
            for (int i = 0; i < 50; i++) {
                scale.commands().sendAndWait(new CreateThing("lamp " + i, (double) i));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    versionsByInstance(scale.instances(), "things", REPLICAS).values())
                    .allSatisfy(replica -> assertThat(replica).isEqualTo(scale.readModel().versions())));

            scale.nodes().kill("ms-b");
            int written = 50;
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < deadline) {
                ThingOutcome outcome = scale.commands().sendAndWait(
                        new CreateThing("lamp " + written, (double) written));
                assertThat(outcome).isInstanceOf(ThingAccepted.class);
                written++;
                // every search is answered, whichever replica's turn it is
                assertThat(search(scale.queries(), new SearchThings("lamp", null, null, List.of(), 1, 5)).totalHits())
                        .isGreaterThanOrEqualTo(50);
            }
            int total = written;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(new dovetail.app.support.SearchIndex(scale.instances().indexes("ms-a"), "things").versions())
                        .isEqualTo(scale.readModel().versions());
                assertThat(search(scale.queries(), new SearchThings("lamp", null, null, List.of(), 1, 5)).totalHits())
                        .isEqualTo(total);
            });
            JsonNode task = syncTask(scale);
            assertThat(task.path("status").asText()).isEqualTo("FAILED");
            assertThat(task.at("/sink/meilisearch/topology").asText()).isEqualTo("REPLICATED");
            JsonNode targets = task.path("targets");
            assertThat(targets.get(0).path("name").asText()).isEqualTo("ms-a");
            assertThat(targets.get(0).path("processor").asText()).isEqualTo("sync-task:things-search@ms-a");
            assertThat(targets.get(0).path("status").asText()).isEqualTo("ACTIVE");
            assertThat(targets.get(1).path("name").asText()).isEqualTo("ms-b");
            assertThat(targets.get(1).path("status").asText()).isEqualTo("FAILED");
            assertThat(targets.get(1).path("lastError").asText()).contains("unreachable");
            assertThat(targets.get(1).path("lagEvents").asDouble()).isPositive();
            assertThat(targets.get(1).path("shard").isNull()).isTrue();

            scale.nodes().restart("ms-b");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<String, Map<String, Long>> replicas = versionsByInstance(scale.instances(), "things", REPLICAS);
                assertThat(replicas.get("ms-b")).isEqualTo(replicas.get("ms-a"))
                        .isEqualTo(scale.readModel().versions());
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(byInstance(scale.queries()).get("ms-b").status()).isEqualTo(SyncTaskStatus.ACTIVE));
            assertThat(byInstance(scale.queries()).values())
                    .allSatisfy(target -> assertThat(target.deadLetters()).isZero());
        }
    }

    /** The task as operators see it over GraphQL. */
    private static JsonNode syncTask(Running scale) throws Exception {
        int port = ((WebServerApplicationContext) scale.dovetail()).getWebServer().getPort();
        String body = new RawGraphQl(port).post("""
                {"query": "{ syncTask(id: \\"things-search\\") { status sink { meilisearch { topology instances } } \
                targets { name instance shard processor status position lagEvents lastError deadLetters } } }"}""")
                .body();
        return new ObjectMapper().readTree(body).at("/data/syncTask");
    }

    private static Map<String, SyncTaskTargetView> byInstance(QueryGateway queries) {
        return SearchScale.targets(queries, "things-search").stream()
                .collect(java.util.stream.Collectors.toMap(SyncTaskTargetView::instance, target -> target));
    }
}
