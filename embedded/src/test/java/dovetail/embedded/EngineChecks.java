package dovetail.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Uses each engine for real: what a test of a launcher or of the test support needs to prove it works. */
public final class EngineChecks {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EngineChecks() {
    }

    public static void writeAndReadRow(String jdbcUrl, String username, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE joint (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO joint VALUES (1, 'dovetail')");
            try (ResultSet rows = statement.executeQuery("SELECT name FROM joint WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("name")).isEqualTo("dovetail");
            }
        }
    }

    public static void createTable(String jdbcUrl, String username, String password, String table)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
        }
    }

    public static boolean tableExists(String jdbcUrl, String username, String password, String table)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             ResultSet tables = connection.getMetaData().getTables(null, "public", table, null)) {
            return tables.next();
        }
    }

    /** Produces a record and reads it back through a consumer group (which needs a ready group coordinator). */
    public static void produceAndConsume(String bootstrapServers, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "thing-1", "created")).get();
        }
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, topic + ".reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            consumer.commitSync();
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("thing-1");
            assertThat(record.value()).isEqualTo("created");
        });
    }

    /** Adds a document, waits for its task to succeed, and finds it by search. */
    public static void indexAndSearch(String url, String apiKey, String index) throws Exception {
        HttpResponse<String> added = send(url, apiKey, "POST", "/indexes/" + index + "/documents",
                "[{\"id\":\"thing-1\",\"name\":\"dovetail joint\"}]");
        assertThat(added.statusCode()).isEqualTo(202);
        int taskUid = JsonPath.read(added.body(), "$.taskUid");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String status = JsonPath.read(send(url, apiKey, "GET", "/tasks/" + taskUid, null).body(), "$.status");
            assertThat(status).isNotIn("failed", "canceled");
            return status.equals("succeeded");
        });
        HttpResponse<String> found = send(url, apiKey, "POST", "/indexes/" + index + "/search", "{\"q\":\"dovetail\"}");
        assertThat(found.statusCode()).isEqualTo(200);
        List<String> ids = JsonPath.read(found.body(), "$.hits[*].id");
        assertThat(ids).containsExactly("thing-1");
    }

    public static HttpResponse<String> send(String url, String apiKey, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
