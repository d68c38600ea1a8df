package dovetail.app.synctask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.Dovetails;
import dovetail.app.support.KafkaTopic;
import dovetail.app.support.ReadModel;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.thing.CreateThing;
import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Kafka is dead while the Kafka task has a batch in flight (it would wait its 30 s batch timeout): stopping
 * Dovetail takes no longer than {@code dovetail.shutdown.timeout} and a little for the rest of the context, and a
 * restart once the broker is back delivers every event, since no position moved past what the sink accepted.
 */
@WithEngines
class ShutdownIT {

    private static final String TOPIC = "dovetail.things.events";
    private static final Duration BOUND = Duration.ofSeconds(5);
    /** What closing the context takes besides the sync tasks: the web server, the binder, the pools. */
    private static final Duration REST_OF_THE_CONTEXT = Duration.ofSeconds(4);

    @Test
    void stoppingWithADeadEngineIsBoundedAndLosesNothing(TestEndpoints engines) throws Exception {
        KafkaLauncher kafka = KafkaLauncher.builder().port(Dovetails.freePort()).start();
        String[] settings = {"spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "dovetail.shutdown.timeout=" + BOUND.toSeconds() + "s"};
        try {
            ConfigurableApplicationContext dovetail = Dovetails.start(engines, settings);
            CommandGateway commands = dovetail.getBean(CommandGateway.class);
            KafkaTopic events = new KafkaTopic(kafka.bootstrapServers(), engines.topicPrefix() + TOPIC);
            for (int i = 0; i < 10; i++) {
                commands.sendAndWait(new CreateThing("before " + i, (double) i));
            }
            events.awaitRecords(Duration.ofSeconds(60), records -> records.size() >= 10);

            kafka.stopBroker();
            for (int i = 0; i < 20; i++) {
                commands.sendAndWait(new CreateThing("during " + i, (double) i));
            }
            QueryGateway queries = dovetail.getBean(QueryGateway.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> lag(queries) > 0);
            long start = System.nanoTime();
            dovetail.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("Closing with Kafka dead took " + closing.toMillis() + " ms");
            assertThat(closing).isLessThan(BOUND.plus(REST_OF_THE_CONTEXT));

            kafka.startBroker();
            try (ConfigurableApplicationContext again = Dovetails.start(engines, settings)) {
                Map<String, Long> expected = new ReadModel(again.getBean(JdbcTemplate.class)).versions();
                assertThat(expected).hasSize(30);
                events.awaitRecords(Duration.ofSeconds(120), records -> records.stream()
                        .map(record -> record.key()).collect(Collectors.toSet()).containsAll(expected.keySet()));
            }
        } finally {
            kafka.close();
        }
    }

    private static long lag(QueryGateway queries) {
        return queries.query(new FindSyncTask("things-kafka"), ResponseTypes.optionalInstanceOf(SyncTaskView.class))
                      .join().map(SyncTaskView::lagEvents).orElse(0L);
    }
}
