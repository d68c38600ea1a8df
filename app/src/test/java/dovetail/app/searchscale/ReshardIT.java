package dovetail.app.searchscale;

import static dovetail.app.searchscale.SearchScale.search;
import static dovetail.app.searchscale.SearchScale.things;
import static dovetail.app.searchscale.SearchScale.union;
import static dovetail.app.searchscale.SearchScale.versionsByInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.searchscale.SearchScale.Running;
import dovetail.app.support.ThingLoad;
import dovetail.domain.search.SearchThings;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.ReconfigureSyncTask;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import dovetail.projections.search.Shards;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resharding 2 → 3 is a full sync into fresh indexes on all three shards, taken over at once when complete: a
 * search loop running through it never sees fewer hits, and afterwards each Thing is on the shard its id hashes to.
 */
@WithEngines
class ReshardIT {

    private static final int THINGS = 3_000;
    private static final String[] SHARDS = {"ms-0", "ms-1", "ms-2"};

    @TempDir
    Path data;

    @Test
    void reshardingNeverShowsFewerHits(TestEndpoints engines) throws Exception {
        try (Running scale = Running.start(engines, data, SHARDS,
                things("things", MeilisearchTopology.SHARDED, "ms-0", "ms-1"))) {
            ThingLoad.create(scale.commands(), THINGS, 4);
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(
                    union(versionsByInstance(scale.instances(), "things", "ms-0", "ms-1")))
                            .isEqualTo(scale.readModel().versions()));
            SearchThings everything = new SearchThings("", null, null, List.of(), 1, 1);
            assertThat(search(scale.queries(), everything).totalHits()).isEqualTo(THINGS);

            AtomicBoolean searching = new AtomicBoolean(true);
            AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger searches = new AtomicInteger();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
                while (searching.get()) {
                    try {
                        fewest.accumulateAndGet(search(scale.queries(), everything).totalHits(), Math::min);
                        searches.incrementAndGet();
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(e);
                    }
                }
            });
            Object accepted = scale.commands().sendAndWait(new ReconfigureSyncTask("things-search",
                    things("things", MeilisearchTopology.SHARDED, SHARDS)));
            assertThat(accepted).isInstanceOf(SyncTaskAccepted.class);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                SyncTaskView task = task(scale.queries());
                return task.fullSync() == null && task.status() == SyncTaskStatus.ACTIVE
                       && task.definition().sink().meilisearch().instances().size() == 3;
            });
            // a few more searches on the new layout, then stop
            int after = searches.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> searches.get() > after + 20);
            searching.set(false);
            loop.join();

            assertThat(failures).isEmpty();
            assertThat(fewest.get()).isEqualTo(THINGS);
            String live = "things__rebuild_1";
            Map<String, Map<String, Long>> byShard = versionsByInstance(scale.instances(), live, SHARDS);
            assertThat(union(byShard)).isEqualTo(scale.readModel().versions());
            for (int shard = 0; shard < SHARDS.length; shard++) {
                int expected = shard;
                assertThat(byShard.get(SHARDS[shard]).keySet()).isNotEmpty()
                        .allSatisfy(id -> assertThat(Shards.of(id, SHARDS.length)).isEqualTo(expected));
            }
            // the old layout's indexes go once no search can still be reading them
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String shard : List.of("ms-0", "ms-1")) {
                    assertThat(scale.instances().indexes(shard).exists(
                            scale.instances().indexes(shard).fullIndexUid("things")))
                            .isFalse();
                }
            });
        }
    }

    private static SyncTaskView task(QueryGateway queries) {
        return queries.query(new FindSyncTask("things-search"), ResponseTypes.optionalInstanceOf(SyncTaskView.class))
                .join().orElseThrow();
    }
}
