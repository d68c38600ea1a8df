package dovetail.app.thing;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

@DovetailTest
@ExtendWith(OutputCaptureExtension.class)
class ThingGraphQlIT {

    @Autowired
    HttpGraphQlTester graphQl;

    @Autowired
    JdbcTemplate jdbc;

    EventStore events;

    @BeforeEach
    void setUp() {
        events = new EventStore(jdbc);
    }

    private Map<String, Object> create(String name, double foo) {
        return graphQl.documentName("createThing").variable("name", name).variable("foo", foo).execute()
                      .path("createThing").entity(Map.class).get();
    }

    @Test
    void aCreatedThingIsReadableAtOnceWithVersionOne() {
        Map<String, Object> created = create("  desk lamp ", 1.5);

        assertThat(created).containsEntry("__typename", "Thing").containsEntry("name", "desk lamp")
                           .containsEntry("foo", 1.5).containsEntry("version", 1);
        assertThat(created.get("createdOn")).isEqualTo(created.get("updatedOn"));
        assertThat(Instant.parse((String) created.get("createdOn"))).isBefore(Instant.now().plusSeconds(1));
        graphQl.documentName("thing").variable("id", created.get("id")).execute()
               .path("thing").entity(Map.class).isEqualTo(withoutTypename(created));
        assertThat(events.countFor((String) created.get("id"))).isEqualTo(1);
    }

    @Test
    void anUpdateAtTheCurrentVersionIsVisibleInTheNextRead() {
        String id = (String) create("lamp", 1.0).get("id");

        Map<String, Object> updated = graphQl.documentName("updateThing")
                .variables(Map.of("id", id, "name", "floor lamp", "foo", 2.25, "expectedVersion", 1))
                .execute().path("updateThing").entity(Map.class).get();

        assertThat(updated).containsEntry("__typename", "Thing").containsEntry("name", "floor lamp")
                           .containsEntry("foo", 2.25).containsEntry("version", 2);
        graphQl.documentName("thing").variable("id", id).execute()
               .path("thing.name").entity(String.class).isEqualTo("floor lamp")
               .path("thing.version").entity(Integer.class).isEqualTo(2);
    }

    @Test
    void aStaleExpectedVersionAnswersAConflictWithTheCurrentVersion() {
        String id = (String) create("lamp", 1.0).get("id");
        update(id, "second", 1);
        long before = events.count();

        graphQl.documentName("updateThing")
               .variables(Map.of("id", id, "name", "third", "foo", 3.0, "expectedVersion", 1))
               .execute()
               .path("updateThing.__typename").entity(String.class).isEqualTo("VersionConflict")
               .path("updateThing.currentVersion").entity(Integer.class).isEqualTo(2)
               .path("updateThing.expectedVersion").entity(Integer.class).isEqualTo(1)
               .path("updateThing.message").entity(String.class).isEqualTo("Thing " + id + " is at version 2, not 1");
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void aDeletedThingIsGoneAndCannotBeDeletedAgain(CapturedOutput output) {
        String id = (String) create("lamp", 1.0).get("id");

        graphQl.documentName("deleteThing").variables(Map.of("id", id, "expectedVersion", 1)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("DeletedThing")
               .path("deleteThing.id").entity(String.class).isEqualTo(id);

        graphQl.documentName("thing").variable("id", id).execute().path("thing").valueIsNull();
        graphQl.documentName("deleteThing").variables(Map.of("id", id, "expectedVersion", 2)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("ThingNotFound");
        assertThat(events.countFor(id)).isEqualTo(2);
        // an answered refusal, not a fault: no warning with a stack trace in the log
        assertThat(output.getAll()).doesNotContain("AggregateDeletedException")
                .doesNotContain("Exception occurred while trying to load");
    }

    @Test
    void deletingWithAStaleVersionKeepsTheThing() {
        String id = (String) create("lamp", 1.0).get("id");
        update(id, "second", 1);

        graphQl.documentName("deleteThing").variables(Map.of("id", id, "expectedVersion", 1)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("VersionConflict")
               .path("deleteThing.currentVersion").entity(Integer.class).isEqualTo(2);
        graphQl.documentName("thing").variable("id", id).execute()
               .path("thing.version").entity(Integer.class).isEqualTo(2);
    }

    @Test
    void anUnknownIdAnswersNotFoundOnUpdateAndNullOnRead() {
        long before = events.count();

        graphQl.documentName("updateThing")
               .variables(Map.of("id", "987654321", "name", "x", "foo", 1.0, "expectedVersion", 1))
               .execute()
               .path("updateThing.__typename").entity(String.class).isEqualTo("ThingNotFound")
               .path("updateThing.id").entity(String.class).isEqualTo("987654321");
        graphQl.documentName("thing").variable("id", "987654321").execute().path("thing").valueIsNull();
        assertThat(events.count()).isEqualTo(before);
    }

    @Test
    void thingsArePagedInIdOrderWithOpaqueCursors() {
        List<String> ids = List.of(create("a", 1).get("id"), create("b", 2).get("id"), create("c", 3).get("id"))
                               .stream().map(String.class::cast).toList();

        GraphQlTester.Response first = graphQl.documentName("things").variable("first", 2)
                .variable("after", null).execute();
        List<String> firstIds = first.path("things.edges[*].node.id").entityList(String.class).get();
        String endCursor = first.path("things.pageInfo.endCursor").entity(String.class).get();
        assertThat(endCursor).isNotEqualTo(firstIds.get(1)).matches("[A-Za-z0-9+/]+=*");
        assertThat(new String(java.util.Base64.getDecoder().decode(endCursor))).doesNotContain("java");

        List<String> all = new java.util.ArrayList<>(firstIds);
        String after = endCursor;
        boolean hasNext = first.path("things.pageInfo.hasNextPage").entity(Boolean.class).get();
        while (hasNext) {
            GraphQlTester.Response page = graphQl.documentName("things").variable("first", 2)
                    .variable("after", after).execute();
            all.addAll(page.path("things.edges[*].node.id").entityList(String.class).get());
            hasNext = page.path("things.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = page.path("things.pageInfo.endCursor").entity(String.class).get();
        }

        assertThat(all).containsAll(ids).doesNotHaveDuplicates()
                       .isSortedAccordingTo((x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)));
    }

    @Test
    void aThingsHistoryListsEveryEventWithTheStateItSetAndTheRequestItCameFrom() {
        String id = (String) create("history lamp", 1.0).get("id");
        update(id, "history lamp 2", 1);
        graphQl.mutate().header("X-Correlation-Id", "delete-request-7").build().documentName("deleteThing")
               .variables(Map.of("id", id, "expectedVersion", 2)).execute()
               .path("deleteThing.__typename").entity(String.class).isEqualTo("DeletedThing");

        GraphQlTester.Response history = graphQl.documentName("thingHistory").variable("id", id).execute();
        history.path("thingHistory[*].type").entityList(String.class)
               .containsExactly("ThingCreated", "ThingUpdated", "ThingDeleted");
        history.path("thingHistory[*].sequenceNumber").entityList(Integer.class).containsExactly(0, 1, 2);
        history.path("thingHistory[*].version").entityList(Integer.class).containsExactly(1, 2, 3);
        history.path("thingHistory[0].thing").entity(Map.class)
               .isEqualTo(Map.of("id", id, "name", "history lamp", "foo", 1.0, "version", 1));
        history.path("thingHistory[1].thing.name").entity(String.class).isEqualTo("history lamp 2");
        history.path("thingHistory[2].thing").valueIsNull();
        history.path("thingHistory[2].correlationId").entity(String.class).isEqualTo("delete-request-7");
        assertThat(history.path("thingHistory[*].at").entityList(String.class).get().stream().map(Instant::parse))
                .isSorted();

        graphQl.documentName("thingHistory").variable("id", "987654321").execute()
               .path("thingHistory").entityList(Object.class).hasSize(0);
        graphQl.documentName("thingHistory").variable("id", "abc").execute()
               .errors().expect(error -> error.getMessage().contains("id must be a non-negative integer")).verify();
    }

    private void update(String id, String name, int expectedVersion) {
        graphQl.documentName("updateThing")
               .variables(Map.of("id", id, "name", name, "foo", 1.0, "expectedVersion", expectedVersion))
               .execute().path("updateThing.__typename").entity(String.class).isEqualTo("Thing");
    }

    private static Map<String, Object> withoutTypename(Map<String, Object> payload) {
        Map<String, Object> copy = new java.util.HashMap<>(payload);
        copy.remove("__typename");
        return copy;
    }
}
