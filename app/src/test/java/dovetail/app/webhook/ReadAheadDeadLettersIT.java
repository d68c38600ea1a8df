package dovetail.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.Dovetails;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.synctask.WebhookFormat;
import dovetail.domain.synctask.WebhookSinkSpec;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.UpdateThing;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A task that catches up on a history reads batches ahead of their delivery. When the sink refuses a Thing's change
 * for good, the Thing's later changes in the batches already read still wait behind it in the dead-letter queue:
 * they never reach the sink before it, which would otherwise hold a state that the parked change, delivered again
 * later, would take back.
 */
@WithEngines
class ReadAheadDeadLettersIT {

    private static final String SECRET = "the-receivers-shared-secret-0123";

    @Test
    void aThingRefusedWhileCatchingUpKeepsItsLaterChangesBehindIt(TestEndpoints engines) throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
             // every new task catches up with the streaming reader, which reads ahead; one batch per delivery
             ConfigurableApplicationContext dovetail = Dovetails.start(engines, "dovetail.sync-tasks.catch-up-lag=1",
                     "dovetail.sync-tasks.catch-up-batch-limit=2", "dovetail.webhooks.allowed-hosts=127.0.0.1")) {
            CommandGateway commands = dovetail.getBean(CommandGateway.class);
            String refused = created(commands, "refused at first");
            String between = created(commands, "between its two versions");
            assertThat((Object) commands.sendAndWait(new UpdateThing(refused, "refused at first, renamed", 3.0, 1L)))
                    .isInstanceOf(ThingAccepted.class);
            String after = created(commands, "after both");
            // the receiver refuses the Thing's first version and takes everything else
            receiver.answer("/ahead", body -> body.get("records").findValuesAsText("idempotencyKey")
                    .contains(refused + ":1") ? 400 : 200);

            // batches of 2: the Thing's versions are in different batches, read before the first is refused
            assertThat((Object) commands.sendAndWait(new CreateSyncTask("hook-ahead", new SyncTaskDefinition(
                    new SinkSpec(new WebhookSinkSpec(receiver.url("/ahead"), WebhookFormat.STATE, SECRET)), null,
                    null, new TaskOptions(2, 5_000L, null, null))))).isInstanceOf(SyncTaskAccepted.class);

            JdbcTemplate jdbc = dovetail.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(keys(receiver)).contains(between + ":1", after + ":1");
                assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where sequence_identifier = ?",
                        Long.class, refused)).isEqualTo(2L);
            });
            assertThat(keys(receiver)).noneMatch(key -> key.startsWith(refused + ":"));
        }
    }

    private static String created(CommandGateway commands, String name) {
        return ((ThingAccepted) commands.sendAndWait(new CreateThing(name, 1.0))).thing().id();
    }

    private static List<String> keys(WebhookReceiver receiver) {
        return receiver.taken("/ahead").stream().map(record -> record.get("idempotencyKey").asText()).toList();
    }
}
