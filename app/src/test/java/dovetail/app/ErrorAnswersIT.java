package dovetail.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.app.support.RawHttp;
import dovetail.app.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Requests that go wrong before any Dovetail code runs still answer JSON, never an HTML page or a made-up status. */
@DovetailTest
class ErrorAnswersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void theErrorPathAskedForDirectlyIsA404() throws Exception {
        RawHttp http = new RawHttp(port);
        for (String token : new String[] {null, TestTokens.READ}) {
            HttpResponse<String> response = http.send("GET", "/error", null, token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            JsonNode body = json(response);
            assertThat(body.at("/status").asInt()).isEqualTo(404);
            assertThat(body.at("/error").asText()).isEqualTo("Not Found");
            assertThat(body.at("/path").asText()).isEqualTo("/error");
        }
    }

    @Test
    void aRequestHeaderTooLargeForTheServerIsA400InJson() throws Exception {
        char[] large = new char[16 * 1024];
        Arrays.fill(large, 'a');
        HttpResponse<String> response = new RawHttp(port).send("GET", "/graphql", null, TestTokens.READ,
                Map.of("X-Large", new String(large)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("<html", "Tomcat", "Exception");
        JsonNode body = json(response);
        assertThat(body.at("/status").asInt()).isEqualTo(400);
        assertThat(body.at("/error").asText()).isEqualTo("Bad Request");
        assertThat(body.at("/message").asText()).isEqualTo("Request header is too large");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }
}
