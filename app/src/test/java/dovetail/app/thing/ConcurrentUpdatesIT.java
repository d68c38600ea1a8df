package dovetail.app.thing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.RawGraphQl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@DovetailTest
class ConcurrentUpdatesIT {

    private static final int CLIENTS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    HttpGraphQlTester graphQl;

    @LocalServerPort
    int port;

    @Test
    void ofThirtyTwoUpdatesCarryingTheSameVersionExactlyOneWins() throws Exception {
        String id = graphQl.documentName("createThing").variable("name", "contested").variable("foo", 0.0)
                           .execute().path("createThing.id").entity(String.class).get();
        RawGraphQl raw = new RawGraphQl(port);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int client = 0; client < CLIENTS; client++) {
                String body = JSON.writeValueAsString(Map.of(
                        "query", "mutation($input: UpdateThingInput!) { updateThing(input: $input) { __typename } }",
                        "variables", Map.of("input", Map.of(
                                "id", id, "name", "writer " + client, "foo", client, "expectedVersion", 1))));
                answers.add(clients.submit(() -> {
                    start.await();
                    JsonNode answer = JSON.readTree(raw.post(body).body());
                    return answer.at("/data/updateThing/__typename").asText(answer.toString());
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get());
            }

            Map<String, Long> counts = outcomes.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(
                    Map.of("Thing", 1L, "VersionConflict", (long) CLIENTS - 1));
        } finally {
            clients.shutdownNow();
        }
        graphQl.documentName("thing").variable("id", id).execute()
               .path("thing.version").entity(Integer.class).isEqualTo(2);
    }
}
