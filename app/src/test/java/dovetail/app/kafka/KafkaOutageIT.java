package dovetail.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.Dovetails;
import dovetail.app.support.SteadyWrites;
import dovetail.app.support.KafkaTopic;
import dovetail.app.support.ReadModel;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.ReconfigureSyncTask;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A broker of its own is stopped for 20 s while Things are written: no command fails (the event store is the
 * source of truth), the task reports the outage and retries, and once the broker is back every event reaches the
 * events topic; a consumer deduplicating by id and version sees each Thing's versions in order.
 */
@WithEngines
class KafkaOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final String TOPIC = "dovetail.things.events";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesSucceedDuringAnOutageAndEveryEventArrivesAfterIt(TestEndpoints engines) throws Exception {
        KafkaLauncher kafka = KafkaLauncher.builder().port(freePort()).start();
        try (ConfigurableApplicationContext dovetail = Dovetails.start(engines,
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers())) {
            CommandGateway commands = dovetail.getBean(CommandGateway.class);
            QueryGateway queries = dovetail.getBean(QueryGateway.class);
            ReadModel readModel = new ReadModel(dovetail.getBean(JdbcTemplate.class));
            KafkaTopic events = new KafkaTopic(kafka.bootstrapServers(), engines.topicPrefix() + TOPIC);
            // a short batch limit, so that the 20 s outage shows as failed deliveries rather than one long wait
            SyncTaskAccepted shortened = commands.sendAndWait(new ReconfigureSyncTask("things-kafka",
                    new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(List.of(
                            new KafkaTopicSpec(TOPIC, KafkaFormat.EVENTS),
                            new KafkaTopicSpec("dovetail.things.state", KafkaFormat.STATE)))),
                            null, null, new TaskOptions(null, 3_000L, null, null))));
            assertThat(shortened.definition().options().batchTimeoutMillis()).isEqualTo(3_000L);
            for (int i = 0; i < 10; i++) {
                commands.sendAndWait(new CreateThing("before " + i, (double) i));
            }
            events.awaitRecords(Duration.ofSeconds(60), records -> records.size() >= 10);

            kafka.stopBroker();
            List<ThingOutcome> outcomes;
            try {
                outcomes = SteadyWrites.writeFor(OUTAGE, commands);
                assertThat(outcomes).hasSizeGreaterThan(20).allMatch(ThingAccepted.class::isInstance);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    SyncTaskView task = task(queries);
                    assertThat(task.status()).isEqualTo(SyncTaskStatus.FAILED);
                    assertThat(task.lastError()).contains("Kafka");
                    assertThat(task.lagEvents()).isPositive();
                });
            } finally {
                kafka.startBroker();
            }

            Set<String> expected = new TreeSet<>();
            readModel.versions().forEach((id, version) -> {
                for (long v = 1; v <= version; v++) {
                    expected.add(id + "@" + v);
                }
            });
            List<ConsumerRecord<String, byte[]>> records = events.awaitRecords(Duration.ofSeconds(120),
                    all -> deduplicated(all).keySet().containsAll(expected));
            Map<String, List<Long>> versions = new LinkedHashMap<>();
            deduplicated(records).keySet().forEach(key -> versions.computeIfAbsent(key.substring(0, key.indexOf('@')),
                    id -> new ArrayList<>()).add(Long.parseLong(key.substring(key.indexOf('@') + 1))));
            assertThat(deduplicated(records).keySet()).isEqualTo(expected);
            versions.values().forEach(list -> assertThat(list).isSorted());
            await().atMost(Duration.ofSeconds(30)).until(() -> task(queries).status() == SyncTaskStatus.ACTIVE);
            assertThat(intakeAnswers(kafka.bootstrapServers(), engines.topicPrefix())).isEqualTo("Thing");
        } finally {
            kafka.close();
        }
    }

    /** The command intake, which was cut off from the broker too, takes commands again: the type of the answer. */
    private String intakeAnswers(String servers, String prefix) throws Exception {
        String key = "after-outage-" + System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(prefix + "dovetail.things.commands", key,
                    "{\"type\": \"createThing\", \"name\": \"after the outage\", \"foo\": 1}"
                            .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        ConsumerRecord<String, byte[]> result = new KafkaTopic(servers, prefix + "dovetail.things.command-results")
                .awaitRecords(Duration.ofSeconds(60), records -> records.stream().anyMatch(r -> key.equals(r.key())))
                .stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        return envelope(result).get("type").asText();
    }

    /** id@version of each record, in the order a consumer would first see it per partition. */
    private Map<String, ConsumerRecord<String, byte[]>> deduplicated(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, ConsumerRecord<String, byte[]>> first = new LinkedHashMap<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            long version = envelope(record).get("version").asLong();
            if (version > seen.getOrDefault(record.key(), 0L)) {
                seen.put(record.key(), version);
                first.put(record.key() + "@" + version, record);
            }
        }
        return first;
    }

    private JsonNode envelope(ConsumerRecord<String, byte[]> record) {
        try {
            return json.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SyncTaskView task(QueryGateway queries) {
        return queries.query(new FindSyncTask("things-kafka"), ResponseTypes.optionalInstanceOf(SyncTaskView.class))
                      .join().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
