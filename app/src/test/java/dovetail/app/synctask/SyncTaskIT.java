package dovetail.app.synctask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.app.support.ThingRequests;
import dovetail.projections.search.MeilisearchIndexes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

@DovetailTest
class SyncTaskIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    MeilisearchIndexes indexes;

    @Autowired
    JdbcTemplate jdbc;

    private String create(String name, double foo) {
        return ThingRequests.create(graphQl, name, foo);
    }

    private void createTask(Map<String, Object> input) {
        graphQl.documentName("createSyncTask").variable("input", input).execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
    }

    @Test
    void aTaskWithAFilterAndATransformDeliversExactlyWhatItShould() {
        String small = create("small", 5);
        String shrinking = create("shrinking", 20);
        String big = create("big", 30.123);
        createTask(Map.of("id", "big-things",
                "sink", Map.of("meilisearch", Map.of("index", "big-things", "filterableAttributes", List.of("foo"))),
                "filter", Map.of("conditions", List.of(Map.of("field", "foo", "operator", "GT", "values", List.of("10")))),
                "transform", List.of(
                        Map.of("field", "name", "kind", "RENAME", "to", "title"),
                        Map.of("field", "foo", "kind", "MULTIPLY", "factor", 2.0),
                        Map.of("field", "foo", "kind", "ROUND", "scale", 1),
                        Map.of("field", "createdOn", "kind", "DROP"),
                        Map.of("field", "source", "kind", "CONSTANT", "value", "dovetail"))));
        SearchIndex index = new SearchIndex(indexes, "big-things");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().keySet()).containsExactlyInAnyOrder(big, shrinking));

        graphQl.documentName("updateThing")
               .variables(Map.of("id", shrinking, "name", "shrunk", "foo", 8.0, "expectedVersion", 1)).execute()
               .path("updateThing.version").entity(Integer.class).isEqualTo(2);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents().keySet()).containsExactly(big));
        Map<String, Object> document = index.documents().get(big);
        assertThat(document).containsEntry("title", "big").containsEntry("foo", 60.2)
                            .containsEntry("source", "dovetail").containsEntry("version", 1.0)
                            .doesNotContainKeys("name", "createdOn");
        assertThat(index.documents()).doesNotContainKey(small);
    }

    @Test
    void aNewTaskGetsTheFullHistoryAndReportsItsProgress() {
        for (int i = 0; i < 10; i++) {
            create("history " + i, i);
        }
        createTask(Map.of("id", "history", "sink", Map.of("meilisearch", Map.of("index", "history")),
                "options", Map.of("batchSize", 3)));
        Map<String, Long> expected = new ReadModel(jdbc).versions();
        SearchIndex index = new SearchIndex(indexes, "history");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.versions()).isEqualTo(expected));
        await().atMost(PATIENCE).untilAsserted(() -> graphQl.documentName("syncTask").variable("id", "history")
                .execute()
                .path("syncTask.status").entity(String.class).isEqualTo("ACTIVE")
                .path("syncTask.lagEvents").entity(Long.class).isEqualTo(0L)
                .path("syncTask.options.batchSize").entity(Integer.class).isEqualTo(3)
                .path("syncTask.sink.meilisearch.primaryKey").entity(String.class).isEqualTo("id")
                .path("syncTask.countsByEventType[?(@.eventType == 'ThingCreated')].count")
                .entityList(Long.class).satisfies(count -> assertThat(count.get(0)).isGreaterThanOrEqualTo(10L)));

        // counts, positions and durations are JSON integers (11, not 11.0): typed clients read them as such
        var task = graphQl.documentName("syncTask").variable("id", "history").execute();
        for (String field : List.of("position", "head", "lagEvents", "lagMillis", "delivered", "failures",
                "countsByEventType[0].count", "latency.p50", "latency.p99")) {
            task.path("syncTask." + field).entity(Object.class).satisfies(value -> assertThat(value).as(field)
                    .isInstanceOfAny(Integer.class, Long.class));
        }
    }

    @Test
    void pauseStopsDeliveryAndResumeCatchesUpWithNothingMissing() {
        createTask(Map.of("id", "pausable", "sink", Map.of("meilisearch", Map.of("index", "pausable"))));
        SearchIndex index = new SearchIndex(indexes, "pausable");
        String before = create("before pause", 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(index.documents()).containsKey(before));

        graphQl.documentName("taskLifecycle").operationName("pauseSyncTask").variable("id", "pausable").execute()
               .path("pauseSyncTask.status").entity(String.class).isEqualTo("PAUSED");
        String during = create("during pause", 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
               .untilAsserted(() -> assertThat(index.documents()).doesNotContainKey(during));

        graphQl.documentName("taskLifecycle").operationName("resumeSyncTask").variable("id", "pausable").execute()
               .path("resumeSyncTask.status").entity(String.class).isEqualTo("ACTIVE");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(index.versions()).isEqualTo(new ReadModel(jdbc).versions()));

        graphQl.documentName("syncTaskHistory").variable("id", "pausable").execute()
               .path("syncTask.history[*].type").entityList(String.class)
               .containsExactly("SyncTaskCreated", "SyncTaskPaused", "SyncTaskResumed")
               .path("syncTask.history[0].definition.sink.meilisearch.index").entity(String.class).isEqualTo("pausable")
               .path("syncTask.history[0].definition.options.batchSize").entity(Integer.class).isEqualTo(500)
               .path("syncTask.history[1].definition").valueIsNull();
    }

    @Test
    void anActiveTaskIsDeletedOnlyWhenForcedAndItsIndexIsDropped() {
        createTask(Map.of("id", "doomed", "sink", Map.of("meilisearch", Map.of("index", "doomed"))));
        String indexed = create("doomed", 1);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(new SearchIndex(indexes, "doomed").documents()).containsKey(indexed));

        graphQl.documentName("taskLifecycle").operationName("deleteSyncTask").variable("id", "doomed").execute()
               .path("deleteSyncTask.__typename").entity(String.class).isEqualTo("SyncTaskStillActive");
        graphQl.documentName("taskLifecycle").operationName("deleteSyncTask").variable("id", "doomed")
               .variable("force", true).execute()
               .path("deleteSyncTask.status").entity(String.class).isEqualTo("DELETED");
        await().atMost(PATIENCE).until(() -> !indexes.exists(indexes.fullIndexUid("doomed")));

        graphQl.documentName("syncTask").variable("id", "doomed").execute().path("syncTask").valueIsNull();
        graphQl.documentName("syncTasks").execute().path("syncTasks[*].id").entityList(String.class)
               .doesNotContain("doomed").contains("things-search");
        graphQl.documentName("createSyncTask").variable("input",
                        Map.of("id", "doomed", "sink", Map.of("meilisearch", Map.of("index", "doomed"))))
               .execute().path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTaskAlreadyExists");
    }

    @Test
    void badDefinitionsAreRefusedWithFieldErrorsAndCreateNothing() {
        long events = new EventStore(jdbc).count();

        graphQl.documentName("createSyncTask").variable("input", Map.of("id", "Not A Slug",
                        "sink", Map.of("meilisearch", Map.of("index", "bad index!")),
                        "filter", Map.of("eventTypes", List.of("ThingExploded")),
                        "options", Map.of("segments", 99)))
               .execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("InvalidInput")
               .path("createSyncTask.problems[*].field").entityList(String.class)
               .containsExactly("id", "sink.meilisearch.index", "filter.eventTypes[0]", "options.segments");
        graphQl.documentName("createSyncTask").variable("input", Map.of("id", "no-sink")).execute()
               .path("createSyncTask.problems[0].field").entity(String.class).isEqualTo("sink");
        graphQl.documentName("updateSyncTask").variable("input",
                        Map.of("id", "nobody", "sink", Map.of("meilisearch", Map.of("index", "x")))).execute()
               .path("updateSyncTask.__typename").entity(String.class).isEqualTo("SyncTaskNotFound");

        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
        graphQl.documentName("syncTask").variable("id", "no-sink").execute().path("syncTask").valueIsNull();
    }
}
