package dovetail.app.support;

import dovetail.domain.thing.CreateThing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** Many Things at once, through the command gateway from a few clients, for tests that need a long history. */
public final class ThingLoad {

    private ThingLoad() {
    }

    public static void create(CommandGateway commands, int count, int clients) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int first = client;
                running.add(CompletableFuture.runAsync(() -> {
                    for (int n = first; n < count; n += clients) {
                        commands.sendAndWait(new CreateThing("load-" + n, (double) (n % 100)));
                    }
                }, pool));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
    }
}
