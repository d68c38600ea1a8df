package dovetail.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.EventStore;
import dovetail.app.support.RawGraphQl;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** What a GraphQL request may carry, and what a client is told when it carries something else. */
@DovetailTest
class GraphQlRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private JsonNode post(String document) throws Exception {
        HttpResponse<String> response = new RawGraphQl(port).post(JSON.createObjectNode().put("query", document)
                .toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String creates(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i + ": createThing(input: {name: \"many " + i
                + "\", foo: 1}) { __typename }").collect(Collectors.joining(" "));
    }

    @Test
    void aRequestWithMoreMutationsThanAllowedRunsNone() throws Exception {
        long events = new EventStore(jdbc).count();
        // eleven writes, half of them behind aliases in fragments, each selecting only __typename
        String document = "mutation { " + creates(6, "a") + " ...More } fragment More on Mutation { "
                          + creates(5, "b") + " }";
        JsonNode answer = post(document);
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
        assertThat(answer.at("/errors/0/message").asText()).contains("at most 10 mutations").contains("asks for 11");
        assertThat(answer.at("/data").isMissingNode() || answer.at("/data").isNull()).isTrue();
        assertThat(new EventStore(jdbc).count()).isEqualTo(events);
    }

    @Test
    void aRequestWithinTheMutationLimitRunsThemAll() throws Exception {
        long events = new EventStore(jdbc).count();
        JsonNode answer = post("mutation { " + creates(10, "c") + " }");
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/c9/__typename").asText()).isEqualTo("Thing");
        assertThat(new EventStore(jdbc).count()).isEqualTo(events + 10);
    }

    @Test
    void aSubscriptionOverHttpIsToldToUseTheWebSocket() throws Exception {
        JsonNode answer = post("subscription { syncTaskProgress(id: \"things-search\") { id } }");
        assertThat(answer.at("/errors/0/message").asText()).contains("WebSocket").contains("graphql-transport-ws");
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
        assertThat(answer.toString()).doesNotContain("upstreamPublisher").doesNotContain("Publisher");
    }

    @Test
    void aWronglyTypedArgumentIsExplainedWithoutGraphQlJavasClassNames() throws Exception {
        JsonNode answer = post("{ things(first: \"ten\") { pageInfo { hasNextPage } } }");
        String message = answer.at("/errors/0/message").asText();
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
        assertThat(message).contains("first").contains("\"ten\"").contains("Int")
                .doesNotContain("StringValue").doesNotContain("IntValue").doesNotContain("AST");

        JsonNode object = post("mutation { createThing(input: {name: \"x\"}) { __typename } }");
        assertThat(object.at("/errors/0/message").asText()).contains("foo").doesNotContain("ObjectValue")
                .doesNotContain("ObjectField");
    }
}
