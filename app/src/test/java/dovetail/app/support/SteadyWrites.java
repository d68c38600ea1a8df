package dovetail.app.support;

import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.UpdateThing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** Writes Things at a steady pace while something else happens, e.g. an engine is down. */
public final class SteadyWrites {

    private SteadyWrites() {
    }

    /** Creates and updates a Thing every 100 ms for the given time, keeping every answer. */
    public static List<ThingOutcome> writeFor(Duration duration, CommandGateway commands) throws InterruptedException {
        List<ThingOutcome> outcomes = new ArrayList<>();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            writer.scheduleAtFixedRate(() -> {
                ThingOutcome created = commands.sendAndWait(new CreateThing("during " + outcomes.size(), 1.0));
                outcomes.add(created);
                if (created instanceof ThingAccepted accepted) {
                    outcomes.add(commands.sendAndWait(new UpdateThing(accepted.thing().id(), "updated", 2.0, 1L)));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            writer.awaitTermination(duration.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // stop scheduling, but let the write in flight finish: interrupting it would lose its answer
            writer.shutdown();
            writer.awaitTermination(30, TimeUnit.SECONDS);
        }
        return outcomes;
    }
}
