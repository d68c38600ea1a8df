package dovetail.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.TestTokens;
import dovetail.app.support.ThingRequests;
import java.time.Duration;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Prometheus sees commands, GraphQL requests and sync-task delivery, and only with a token. */
@DovetailTest
@AutoConfigureObservability
class MetricsIT {

    @LocalServerPort
    int port;

    @Autowired
    HttpGraphQlTester graphQl;

    @Test
    void prometheusShowsCommandsRequestsAndTaskDelivery() {
        ThingRequests.create(graphQl, "measured", 1.0);
        RawGraphQl http = new RawGraphQl(port);
        assertThat(http.get("/actuator/prometheus", null).statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = http.get("/actuator/prometheus", TestTokens.READ).body();
            assertThat(metrics)
                    .contains("payloadType=\"CreateThing\"")
                    .contains("graphql_request_seconds_count")
                    .contains("dovetail_sync_events_total{task=\"things-search\",type=\"ThingCreated\"}")
                    .contains("dovetail_sync_latency_seconds_bucket{task=\"things-search\",le=\"+Inf\"}")
                    .contains("dovetail_sync_batch_size_count{task=\"things-search\"}")
                    .contains("dovetail_sync_lag_events{task=\"things-search\"}")
                    .contains("dovetail_sync_dead_letters{task=\"things-search\"} 0.0")
                    .contains("dovetail_sync_lag_seconds{task=\"things-search\"}");
        });
    }

    @Test
    void failuresAreLabelledByKindNotByJavaClass() {
        RawGraphQl http = new RawGraphQl(port);
        assertThat(http.get("/no-such-page", TestTokens.READ).statusCode()).isEqualTo(404);
        // refused by Spring Security, whose observation carries the AccessDeniedException
        assertThat(http.get("/actuator/prometheus", null).statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = http.get("/actuator/prometheus", TestTokens.READ).body();
            assertThat(metrics).contains("status=\"404\"");
            assertThat(Pattern.compile("(exception|error)=\"[^\"]*(Exception|Error)\"").matcher(metrics).results()
                    .map(MatchResult::group).toList()).isEmpty();
            assertThat(metrics).contains("error=\"denied\"");
        });
    }
}
