package dovetail.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.springframework.graphql.test.tester.GraphQlTester;

/** Thing mutations the way a client sends them, for tests whose subject is something else. */
public final class ThingRequests {

    private static final String CREATE = "mutation($name: String!, $foo: Float!) { createThing(input: "
            + "{name: $name, foo: $foo}) { __typename ... on Thing { id version } } }";
    private static final String UPDATE = "mutation($id: ID!, $name: String!, $foo: Float!, $expectedVersion: Int!) "
            + "{ updateThing(input: {id: $id, name: $name, foo: $foo, expectedVersion: $expectedVersion}) "
            + "{ __typename ... on Thing { id version } ... on VersionConflict { currentVersion } } }";
    private static final String DELETE = "mutation($id: ID!, $expectedVersion: Int!) { deleteThing(input: "
            + "{id: $id, expectedVersion: $expectedVersion}) "
            + "{ __typename ... on VersionConflict { currentVersion } } }";
    private static final String SEARCH = "query($query: String!) { searchThings(query: $query, hitsPerPage: 5) "
            + "{ __typename ... on SearchResults { totalHits } } }";

    private ThingRequests() {
    }

    /** Creates a Thing through the GraphQL API and answers its id. */
    public static String create(GraphQlTester graphQl, String name, double foo) {
        return graphQl.documentName("createThing").variable("name", name).variable("foo", foo).execute()
                      .path("createThing.id").entity(String.class).get();
    }

    /**
     * The answer of a {@code createThing} sent over plain HTTP (its {@code data.createThing} has {@code __typename},
     * {@code id} and {@code version}); throws when the server does not answer.
     */
    public static JsonNode create(RawGraphQl graphQl, String name, double foo) {
        return graphQl.answer(CREATE, Map.of("name", name, "foo", foo));
    }

    /** As {@link #create(RawGraphQl, String, double)}, an {@code updateThing}; a VersionConflict has currentVersion. */
    public static JsonNode update(RawGraphQl graphQl, String id, String name, double foo, long expectedVersion) {
        return graphQl.answer(UPDATE, Map.of("id", id, "name", name, "foo", foo, "expectedVersion", expectedVersion));
    }

    /** As {@link #create(RawGraphQl, String, double)}, a {@code deleteThing}. */
    public static JsonNode delete(RawGraphQl graphQl, String id, long expectedVersion) {
        return graphQl.answer(DELETE, Map.of("id", id, "expectedVersion", expectedVersion));
    }

    /** As {@link #create(RawGraphQl, String, double)}, a {@code searchThings} for the first five hits. */
    public static JsonNode search(RawGraphQl graphQl, String query) {
        return graphQl.answer(SEARCH, Map.of("query", query));
    }
}
