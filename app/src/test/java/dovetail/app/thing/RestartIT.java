package dovetail.app.thing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.Dovetails;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingView;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The event store, read model and task positions live in PostgreSQL: a stopped and restarted Dovetail still has
 * every Thing, and its sync tasks go on from where they stopped instead of starting over.
 */
@WithEngines
class RestartIT {

    @Test
    void aRestartKeepsEveryThingAndTasksGoOnFromTheirPosition(TestEndpoints engines) {
        List<ThingView> created = new ArrayList<>();
        try (ConfigurableApplicationContext first = start(engines)) {
            CommandGateway commands = first.getBean(CommandGateway.class);
            for (int i = 0; i < 5; i++) {
                ThingAccepted accepted = commands.sendAndWait(new CreateThing("survivor " + i, i * 1.5));
                created.add(accepted.thing());
            }
            QueryGateway queries = first.getBean(QueryGateway.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> queries.query(new FindSyncTask("things-search"),
                    ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join()
                    .map(task -> task.lagEvents() == 0 && task.delivered() == 5).orElse(false));
        }

        try (ConfigurableApplicationContext second = start(engines)) {
            QueryGateway queries = second.getBean(QueryGateway.class);
            for (ThingView thing : created) {
                Optional<ThingView> found = queries.query(new FindThing(thing.id()),
                        ResponseTypes.optionalInstanceOf(ThingView.class)).join();
                assertThat(found).contains(thing);
            }
            ThingAccepted next = second.getBean(CommandGateway.class).sendAndWait(new CreateThing("after", 1.0));
            assertThat(Long.parseLong(next.thing().id()))
                    .isGreaterThan(created.stream().mapToLong(t -> Long.parseLong(t.id())).max().orElseThrow());

            // the search task went on from its stored position: this instance delivered only the new Thing
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                SyncTaskView task = queries.query(new FindSyncTask("things-search"),
                        ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join().orElseThrow();
                assertThat(task.lagEvents()).isZero();
                assertThat(task.countsByEventType()).isEqualTo(Map.of("ThingCreated", 1L));
            });
        }
    }

    private static ConfigurableApplicationContext start(TestEndpoints engines) {
        return Dovetails.start(engines);
    }
}
