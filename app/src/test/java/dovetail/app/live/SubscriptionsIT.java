package dovetail.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.TestTokens;
import dovetail.app.support.ThingRequests;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Subscriptions over a real WebSocket, with the graphql-transport-ws protocol and a bearer token on the handshake or,
 * as browsers must, in {@code connection_init}.
 */
@DovetailTest
class SubscriptionsIT {

    @LocalServerPort
    int port;

    @Autowired
    HttpGraphQlTester graphQl;

    private WebSocketGraphQlTester socket(String token) {
        WebSocketGraphQlTester.Builder<?> builder = WebSocketGraphQlTester.builder(
                URI.create("ws://127.0.0.1:" + port + "/graphql"), new ReactorNettyWebSocketClient());
        if (token != null) {
            builder.headers(headers -> headers.setBearerAuth(token));
        }
        return builder.build();
    }

    @Test
    void thingChangedDeliversEveryChangeOfTheWatchedThingInOrder() {
        String id = ThingRequests.create(graphQl, "watched", 1.0);
        List<Map<String, Object>> changes = new CopyOnWriteArrayList<>();
        WebSocketGraphQlTester socket = socket(TestTokens.READ);
        Disposable subscription = socket
                .document("subscription($id: ID) { thingChanged(id: $id) { id version deleted thing { name } } }")
                .variable("id", id).executeSubscription().toFlux("thingChanged", Map.class)
                .subscribe(change -> changes.add(change));
        try {
            // the subscription is live once an update shows up; then every later change must follow in order
            int[] version = {1};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                graphQl.documentName("updateThing").variables(Map.of("id", id, "name", "watched v" + (version[0] + 1),
                        "foo", 1.0, "expectedVersion", version[0])).execute()
                       .path("updateThing.__typename").entity(String.class).isEqualTo("Thing");
                version[0]++;
                return !changes.isEmpty();
            });
            graphQl.documentName("deleteThing").variables(Map.of("id", id, "expectedVersion", version[0])).execute()
                   .path("deleteThing.__typename").entity(String.class).isEqualTo("DeletedThing");

            await().atMost(Duration.ofSeconds(10))
                   .until(() -> Boolean.TRUE.equals(changes.get(changes.size() - 1).get("deleted")));
            Map<String, Object> last = changes.get(changes.size() - 1);
            assertThat(last).containsEntry("id", id).containsEntry("thing", null).containsEntry("version", version[0] + 1);
            // from the first change seen on, none is missing and none comes twice or out of order
            List<Integer> versions = changes.stream().map(change -> (Integer) change.get("version")).toList();
            int first = versions.get(0);
            assertThat(versions).isEqualTo(java.util.stream.IntStream.rangeClosed(first, version[0] + 1).boxed().toList());
            assertThat(changes.get(0)).extracting("thing").extracting("name").isEqualTo("watched v" + first);
        } finally {
            subscription.dispose();
            socket.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void syncTaskProgressStreamsTheTasksState() {
        WebSocketGraphQlTester socket = socket(TestTokens.READ);
        try {
            List<Map> progress = socket
                    .document("subscription { syncTaskProgress(id: \"things-search\") { id status lagEvents } }")
                    .executeSubscription().toFlux("syncTaskProgress", Map.class)
                    .take(2).collectList().block(Duration.ofSeconds(30));
            assertThat(progress).hasSize(2).allSatisfy(view -> assertThat(view).containsEntry("id", "things-search"));
        } finally {
            socket.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void aMalformedThingIdOrAnUnknownTaskIsABadRequest() {
        WebSocketGraphQlTester socket = socket(TestTokens.READ);
        try {
            assertThatThrownBy(() -> socket.document("subscription { thingChanged(id: \"abc\") { id } }")
                    .executeSubscription().toFlux().blockFirst(Duration.ofSeconds(10)))
                    .hasMessageContaining("id must be a non-negative integer");
            assertThatThrownBy(() -> socket.document("subscription { syncTaskProgress(id: \"nobody\") { id } }")
                    .executeSubscription().toFlux().blockFirst(Duration.ofSeconds(10)))
                    .hasMessageContaining("id names no sync task");
        } finally {
            socket.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void aSocketWithAnUnknownTokenIsRefusedAtTheHandshake() {
        WebSocketGraphQlTester socket = socket("not-a-known-token");
        assertThatThrownBy(() -> socket.document("subscription { syncTaskProgress { id } }").executeSubscription()
                .toFlux().blockFirst(Duration.ofSeconds(10)))
                .hasMessageContaining("401");
    }

    @Test
    void aSocketWithoutAKnownTokenInConnectionInitIsClosedBeforeAnythingRuns() {
        for (WebSocketGraphQlTester socket : List.of(socket(null), socketTokenInPayload("not-a-known-token"))) {
            assertThatThrownBy(() -> socket.document("subscription { syncTaskProgress { id } }").executeSubscription()
                    .toFlux().blockFirst(Duration.ofSeconds(10)))
                    .hasMessageContaining("4401");
        }
    }

    @Test
    void connectionInitTakesTheTokenUnderAnyCaseOfItsKeyOrUnderHeaders() {
        for (Map<String, Object> payload : List.<Map<String, Object>>of(
                Map.of("authorization", "Bearer " + TestTokens.READ),
                Map.of("AUTHORIZATION", "bearer " + TestTokens.READ),
                Map.of("headers", Map.of("Authorization", "Bearer " + TestTokens.READ)),
                Map.of("headers", Map.of("authorization", "Bearer " + TestTokens.READ)))) {
            WebSocketGraphQlTester socket = socketWithPayload(payload);
            try {
                String progress = socket.document("subscription { syncTaskProgress(id: \"things-search\") { id } }")
                        .executeSubscription().toFlux("syncTaskProgress.id", String.class)
                        .blockFirst(Duration.ofSeconds(30));
                assertThat(progress).as("%s", payload.keySet()).isEqualTo("things-search");
            } finally {
                socket.stop().block(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aTokenInConnectionInitOpensTheSocketWithItsRole() {
        // what a browser does: it cannot set headers on a WebSocket
        WebSocketGraphQlTester socket = socketTokenInPayload(TestTokens.READ);
        try {
            String progress = socket.document("subscription { syncTaskProgress(id: \"things-search\") { id } }")
                    .executeSubscription().toFlux("syncTaskProgress.id", String.class).blockFirst(Duration.ofSeconds(30));
            assertThat(progress).isEqualTo("things-search");
            socket.document("mutation { pauseSyncTask(id: \"things-search\") { __typename } }").execute()
                  .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(error -> {
                      assertThat(error.getErrorType()).hasToString("FORBIDDEN");
                      assertThat(error.getMessage()).contains("pauseSyncTask (needs operator)");
                  }));
            graphQl.documentName("syncTask").variable("id", "things-search").execute()
                   .path("syncTask.status").entity(String.class).isEqualTo("ACTIVE");
        } finally {
            socket.stop().block(Duration.ofSeconds(5));
        }
    }

    private WebSocketGraphQlTester socketTokenInPayload(String token) {
        return socketWithPayload(Map.of("Authorization", "Bearer " + token));
    }

    private WebSocketGraphQlTester socketWithPayload(Map<String, Object> payload) {
        return WebSocketGraphQlTester.builder(URI.create("ws://127.0.0.1:" + port + "/graphql"),
                new ReactorNettyWebSocketClient()).interceptor(new WebSocketGraphQlClientInterceptor() {
                    @Override
                    public Mono<Object> connectionInitPayload() {
                        return Mono.just(payload);
                    }
                }).build();
    }
}
