package dovetail.app.support;

import org.springframework.graphql.test.tester.GraphQlTester;

/** Thing mutations the way a client sends them, for tests whose subject is something else. */
public final class ThingRequests {

    private ThingRequests() {
    }

    /** Creates a Thing through the GraphQL API and answers its id. */
    public static String create(GraphQlTester graphQl, String name, double foo) {
        return graphQl.documentName("createThing").variable("name", name).variable("foo", foo).execute()
                      .path("createThing.id").entity(String.class).get();
    }
}
