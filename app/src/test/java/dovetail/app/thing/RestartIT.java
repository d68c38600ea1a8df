package dovetail.app.thing;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.support.Dovetails;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingView;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The event store and read model live in PostgreSQL: a stopped and restarted Dovetail still has every Thing. */
@WithEngines
class RestartIT {

    @Test
    void aRestartKeepsEveryThing(TestEndpoints engines) {
        List<ThingView> created = new ArrayList<>();
        try (ConfigurableApplicationContext first = start(engines)) {
            CommandGateway commands = first.getBean(CommandGateway.class);
            for (int i = 0; i < 5; i++) {
                ThingAccepted accepted = commands.sendAndWait(new CreateThing("survivor " + i, i * 1.5));
                created.add(accepted.thing());
            }
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
        }
    }

    private static ConfigurableApplicationContext start(TestEndpoints engines) {
        return Dovetails.start(engines);
    }
}
