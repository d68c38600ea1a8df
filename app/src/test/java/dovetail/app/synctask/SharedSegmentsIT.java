package dovetail.app.synctask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.Dovetails;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.app.support.SteadyWrites;
import dovetail.app.support.ThingLoad;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import dovetail.projections.search.MeilisearchIndexes;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two Dovetail instances on one database split a task's segments between them, and when one stops the other
 * takes its segments over; a task created on one instance runs on both without a restart.
 */
@WithEngines
class SharedSegmentsIT {

    @Test
    void twoInstancesShareATasksSegmentsAndOneTakesOverWhenTheOtherStops(TestEndpoints engines) {
        try (ConfigurableApplicationContext first = Dovetails.start(engines, "dovetail.instance.id=first");
             ConfigurableApplicationContext second = Dovetails.start(engines, "dovetail.instance.id=second")) {
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            CommandGateway commands = first.getBean(CommandGateway.class);
            SyncTaskDefinition definition = new SyncTaskDefinition(
                    new SinkSpec(new MeilisearchSinkSpec("shared", null, null, null, null)), null, null,
                    new TaskOptions(50, null, 2, null));
            assertThat((Object) commands.sendAndWait(new CreateSyncTask("shared", definition)))
                    .isInstanceOf(SyncTaskAccepted.class);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(owners(jdbc)).containsExactlyInAnyOrder("first", "second"));

            for (int i = 0; i < 40; i++) {
                commands.sendAndWait(new CreateThing("shared " + i, (double) i));
            }
            SearchIndex index = new SearchIndex(first.getBean(MeilisearchIndexes.class), "shared");
            ReadModel readModel = new ReadModel(jdbc);
            await().atMost(Duration.ofSeconds(30)).until(() -> index.versions().equals(readModel.versions()));

            second.close();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(owners(jdbc)).containsExactly("first", "first"));
            for (int i = 0; i < 10; i++) {
                commands.sendAndWait(new CreateThing("after " + i, (double) i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> index.versions().equals(readModel.versions()));
        }
    }

    /**
     * A task created on a long history reads it with one streaming reader (every segment claimed by the instance
     * that reads), then hands its position to the pooled processors of both instances; writes made meanwhile arrive.
     */
    @Test
    void aTaskFarBehindCatchesUpWithOneReaderThenSharesItsSegments(TestEndpoints engines) throws Exception {
        try (ConfigurableApplicationContext first = Dovetails.start(engines, "dovetail.instance.id=first",
                "dovetail.sync-tasks.catch-up-lag=200", "dovetail.sync-tasks.catch-up-batch-limit=400");
             ConfigurableApplicationContext second = Dovetails.start(engines, "dovetail.instance.id=second",
                     "dovetail.sync-tasks.catch-up-lag=200", "dovetail.sync-tasks.catch-up-batch-limit=400")) {
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            CommandGateway commands = first.getBean(CommandGateway.class);
            ThingLoad.create(commands, 3_000, 4);
            SyncTaskDefinition definition = new SyncTaskDefinition(
                    new SinkSpec(new MeilisearchSinkSpec("caught-up", null, null, null, null)), null, null,
                    new TaskOptions(50, null, 2, null));
            assertThat((Object) commands.sendAndWait(new CreateSyncTask("caught-up", definition)))
                    .isInstanceOf(SyncTaskAccepted.class);
            List<ThingOutcome> meanwhile = SteadyWrites.writeFor(Duration.ofSeconds(2), commands);
            assertThat(meanwhile).isNotEmpty().allMatch(ThingAccepted.class::isInstance);

            SearchIndex index = new SearchIndex(first.getBean(MeilisearchIndexes.class), "caught-up");
            ReadModel readModel = new ReadModel(jdbc);
            await().atMost(Duration.ofSeconds(60)).until(() -> index.versions().equals(readModel.versions()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(owners(jdbc, "caught-up")).containsExactlyInAnyOrder("first", "second"));
            for (int i = 0; i < 20; i++) {
                commands.sendAndWait(new CreateThing("after catching up " + i, (double) i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> index.versions().equals(readModel.versions()));
        }
    }

    private static List<String> owners(JdbcTemplate jdbc) {
        return owners(jdbc, "shared");
    }

    private static List<String> owners(JdbcTemplate jdbc, String task) {
        return jdbc.queryForList("select owner from token_entry where processor_name = ? "
                                 + "and owner is not null order by segment", String.class, "sync-task:" + task);
    }

}
