package dovetail.app.fullsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.meilisearch.sdk.model.IndexesQuery;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.app.support.ThingLoad;
import dovetail.app.support.ThingRequests;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.UpdateThing;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.app.support.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A full sync builds a fresh index beside the live one and swaps it in: search never answers from a half-built
 * index, and Things written during the full sync are in the index afterwards.
 */
@DovetailTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullSyncIT {

    private static final int THINGS = 20_000;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    CommandGateway commands;

    @Autowired
    QueryGateway queries;

    @Autowired
    MeilisearchIndexes indexes;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @Test
    void searchAnswersFromACompleteIndexDuringTheWholeFullSync() throws Exception {
        ThingLoad.create(commands, THINGS, 4);
        SearchIndex index = new SearchIndex(indexes, "things");
        ReadModel readModel = new ReadModel(jdbc);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.versions()).isEqualTo(readModel.versions()));
        long before = totalHits();
        assertThat(before).isEqualTo(THINGS);

        AtomicBoolean syncing = new AtomicBoolean(true);
        AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger searches = new AtomicInteger();
        List<Throwable> searchErrors = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> searching = CompletableFuture.runAsync(() -> {
            while (syncing.get()) {
                try {
                    fewest.accumulateAndGet(totalHits(), Math::min);
                    searches.incrementAndGet();
                } catch (RuntimeException e) {
                    searchErrors.add(e);
                }
            }
        });
        List<String> writtenDuring = new ArrayList<>();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            int n = 0;
            while (syncing.get()) {
                ThingAccepted created = commands.sendAndWait(new CreateThing("during-" + n, (double) n));
                commands.sendAndWait(new UpdateThing(created.thing().id(), "during-" + n + "-changed", (double) n, 1L));
                writtenDuring.add(created.thing().id());
                n++;
            }
        });

        // the progress is also pushed, once a second, to a WebSocket subscriber (also under its deprecated name)
        WebSocketGraphQlTester socket = WebSocketGraphQlTester.builder(URI.create("ws://127.0.0.1:" + port + "/graphql"),
                new ReactorNettyWebSocketClient()).headers(headers -> headers.setBearerAuth(TestTokens.READ)).build();
        List<Map> pushed = new CopyOnWriteArrayList<>();
        Disposable subscription = socket.document("subscription { syncTaskProgress(id: \"things-search\") "
                        + "{ status fullSync { phase position head rate } rebuild { phase position head rate } } }")
                .executeSubscription().toFlux("syncTaskProgress", Map.class).subscribe(pushed::add);

        graphQl.documentName("fullSync").operationName("fullSyncTask").variable("id", "things-search").execute()
               .path("fullSyncTask.status").entity(String.class).isEqualTo("FULL_SYNC")
               .path("fullSyncTask.fullSync.generation").entity(Integer.class).isEqualTo(1);
        // asking again while it runs starts nothing new
        graphQl.documentName("fullSync").operationName("fullSyncTask").variable("id", "things-search").execute()
               .path("fullSyncTask.fullSync.generation").entity(Integer.class).isEqualTo(1);
        // the definition is fixed while the copy is built
        graphQl.documentName("updateSyncTask").variable("input", Map.of("id", "things-search",
                        "sink", Map.of("meilisearch", Map.of("index", "elsewhere"))))
               .execute().path("updateSyncTask.__typename").entity(String.class).isEqualTo("FullSyncRunning");

        List<Double> positionsSeen = new CopyOnWriteArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, Object> task = graphQl.documentName("fullSync").operationName("fullSyncProgress")
                    .variable("id", "things-search").execute().path("syncTask").entity(MAP).get();
            @SuppressWarnings("unchecked")
            Map<String, Object> fullSync = (Map<String, Object>) task.get("fullSync");
            if (fullSync != null && "BUILDING".equals(fullSync.get("phase"))) {
                positionsSeen.add(((Number) fullSync.get("position")).doubleValue());
                assertThat(((Number) fullSync.get("head")).doubleValue()).isGreaterThanOrEqualTo(THINGS);
            }
            return "ACTIVE".equals(task.get("status")) && fullSync == null;
        });
        syncing.set(false);
        searching.get();
        writing.get();
        subscription.dispose();
        socket.stop().block(Duration.ofSeconds(5));
        assertThat(pushed).anySatisfy(progress -> {
            assertThat(progress).containsEntry("status", "FULL_SYNC");
            assertThat(progress.get("fullSync")).isInstanceOfSatisfying(Map.class,
                    fullSync -> assertThat(fullSync.get("phase")).isIn("BUILDING", "HANDOVER"));
        });
        assertThat(pushed).allSatisfy(progress ->
                assertThat(progress.get("rebuild")).isEqualTo(progress.get("fullSync")));

        assertThat(searchErrors).isEmpty();
        assertThat(searches.get()).isGreaterThan(10);
        assertThat(fewest.get()).isGreaterThanOrEqualTo(before);
        assertThat(positionsSeen).isSortedAccordingTo(Double::compare);
        assertThat(writtenDuring).isNotEmpty();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.versions()).isEqualTo(readModel.versions()));
        assertThat(index.versions()).containsKeys(writtenDuring.toArray(String[]::new));

        // the old index is gone; only the live one is left under the task's name
        List<String> uids = Arrays.stream(indexes.client().getIndexes(new IndexesQuery().setLimit(1000)).getResults())
                                  .map(com.meilisearch.sdk.Index::getUid).toList();
        // this test's copies only: the Meilisearch server is shared with other tests
        assertThat(uids).contains(indexes.fullIndexUid("things"))
                .noneMatch(uid -> uid.startsWith(indexes.fullIndexUid("things") + "__rebuild_"));
        graphQl.documentName("syncTaskHistory").variable("id", "things-search").execute()
               .path("syncTask.history[*].type").entityList(String.class)
               .containsExactly("SyncTaskCreated", "SyncTaskFullSyncRequested", "SyncTaskFullSyncCaughtUp",
                       "SyncTaskFullSyncCompleted");
    }

    @Test
    @Order(Integer.MAX_VALUE) // its event would stop every later full sync
    void aCopyThatLacksADocumentIsNeverSwappedInAndTheFullSyncSaysWhy() {
        graphQl.documentName("createSyncTask").variable("input", Map.of("id", "checked",
                        "sink", Map.of("meilisearch", Map.of("index", "checked"))))
               .execute().path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
        SearchIndex index = new SearchIndex(indexes, "checked");
        ReadModel readModel = new ReadModel(jdbc);
        String kept = ThingRequests.create(graphQl, "kept", 1);
        String gone = ThingRequests.create(graphQl, "gone", 2);
        graphQl.documentName("deleteThing").variables(Map.of("id", gone, "expectedVersion", 1)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("DeletedThing");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.versions()).isEqualTo(readModel.versions()));
        // an event of another Thing that removes "kept" from every sink, while the event store still holds it:
        // a copy built from the store then lacks a document of a Thing the task selects
        String stray = "77" + gone;
        new EventStore(jdbc).appendEditedCopy(gone, 1, stray, payload -> payload.replace("\"" + stray + "\"",
                "\"" + kept + "\""));
        ThingRequests.create(graphQl, "after the stray event", 3);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents()).doesNotContainKey(kept)
                .hasSize(readModel.versions().size() - 1));
        long live = index.documents().size();

        graphQl.documentName("fullSync").operationName("fullSyncTask").variable("id", "checked").execute()
               .path("fullSyncTask.status").entity(String.class).isEqualTo("FULL_SYNC");
        await().atMost(PATIENCE).until(() -> graphQl.documentName("fullSync").operationName("fullSyncProgress")
                .variable("id", "checked").execute().path("syncTask").entity(MAP).get().get("fullSync") == null);

        Map<String, Object> task = graphQl.documentName("fullSync").operationName("fullSyncProgress")
                .variable("id", "checked").execute().path("syncTask").entity(MAP).get();
        assertThat(task.get("status")).isEqualTo("ACTIVE");
        assertThat((String) task.get("lastError")).startsWith("Full sync 1 was stopped and the live data kept: ")
                .contains("holds " + live + " document(s) where the task selects " + (live + 1) + " Thing(s)")
                .doesNotContain("Exception", "dovetail.");
        graphQl.documentName("syncTaskHistory").variable("id", "checked").execute()
               .path("syncTask.history[*].type").entityList(String.class)
               .containsExactly("SyncTaskCreated", "SyncTaskFullSyncRequested", "SyncTaskFullSyncCaughtUp",
                       "SyncTaskFullSyncStopped");
        assertThat(index.documents()).hasSize((int) live);
        await().atMost(PATIENCE).until(() -> !indexes.exists(indexes.fullIndexUid("checked") + "__rebuild_1"));
        // the live task goes on from its own position
        String later = ThingRequests.create(graphQl, "after the stopped full sync", 4);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents()).containsKey(later));
    }

    @Test
    void aFullSyncOfAnUnknownTaskIsRefused() {
        graphQl.documentName("fullSync").operationName("fullSyncTask").variable("id", "no-such-task").execute()
               .path("fullSyncTask.__typename").entity(String.class).isEqualTo("SyncTaskNotFound");
        graphQl.documentName("fullSync").operationName("fullSyncTask").variable("id", "Not A Slug!").execute()
               .path("fullSyncTask.__typename").entity(String.class).isEqualTo("SyncTaskNotFound");
    }

    private long totalHits() {
        SearchOutcome outcome = queries.query(new SearchThings("", null, List.of(), List.of(), 1, 1),
                ResponseTypes.instanceOf(SearchOutcome.class)).join();
        return ((SearchResults) outcome).totalHits();
    }
}
