package dovetail.app.synctask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.Dovetails;
import dovetail.app.support.SteadyWrites;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import dovetail.projections.search.MeilisearchIndexes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The real Meilisearch process is stopped for 20 s while Things are written: no mutation fails, the task reports
 * the error, and once Meilisearch is back the index holds exactly the read model's ids and versions.
 */
@WithEngines
class MeilisearchOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path meilisearchData;

    @Test
    void writesSucceedDuringAnOutageAndTheIndexCatchesUpExactly(TestEndpoints engines) throws Exception {
        MeilisearchLauncher meilisearch = MeilisearchLauncher.builder().dataDirectory(meilisearchData).start();
        int port = meilisearch.port();
        try (ConfigurableApplicationContext dovetail = Dovetails.start(engines,
                "dovetail.meilisearch.url=" + meilisearch.url())) {
            CommandGateway commands = dovetail.getBean(CommandGateway.class);
            QueryGateway queries = dovetail.getBean(QueryGateway.class);
            ReadModel readModel = new ReadModel(dovetail.getBean(JdbcTemplate.class));
            SearchIndex index = new SearchIndex(dovetail.getBean(MeilisearchIndexes.class), "things");
            for (int i = 0; i < 10; i++) {
                commands.sendAndWait(new CreateThing("before " + i, (double) i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> index.versions().equals(readModel.versions()));

            meilisearch.close();
            List<ThingOutcome> outcomes = SteadyWrites.writeFor(OUTAGE, commands);

            assertThat(outcomes).hasSizeGreaterThan(20).allMatch(ThingAccepted.class::isInstance);
            SyncTaskView task = queries.query(new FindSyncTask("things-search"),
                    ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join().orElseThrow();
            assertThat(task.status()).isEqualTo(SyncTaskStatus.FAILED);
            assertThat(task.lastError()).contains("Meilisearch at " + meilisearch.url() + " unreachable: connection refused")
                                        .doesNotContain("Exception");
            assertThat(task.lagEvents()).isPositive();
            HealthEndpoint health = dovetail.getBean(HealthEndpoint.class);
            assertThat(health.healthForPath("syncTasks").getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.healthForPath("meilisearch").getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

            meilisearch = MeilisearchLauncher.builder().dataDirectory(meilisearchData).port(port).start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                   .until(() -> index.versions().equals(readModel.versions()));
            await().atMost(Duration.ofSeconds(30)).until(() -> queries.query(new FindSyncTask("things-search"),
                    ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join().orElseThrow().status()
                    == SyncTaskStatus.ACTIVE);
            // an unreachable sink is retried, never a reason to park events
            assertThat(queries.query(new FindSyncTask("things-search"),
                    ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join().orElseThrow().deadLetters()).isZero();
        } finally {
            meilisearch.close();
        }
    }
}
