package dovetail.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ThingRequests;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Clients of a cluster over HTTP GraphQL, without a load balancer: each sends its next request to the next instance
 * in turn, so a Thing is created on one instance, updated on another and deleted on a third. Each client creates a
 * Thing, updates it, deletes every third one and searches, pausing between requests (a bounded load). What was
 * answered is kept: the versions the writes left each Thing at, and the deletions. A request that finds its instance
 * down goes to the next one; one that gets no answer is counted and its Thing left alone: it may or may not have been
 * applied.
 */
final class ClientLoad implements AutoCloseable {

    private static final Duration PAUSE = Duration.ofMillis(100);

    private final Cluster cluster;
    private final ExecutorService clients;
    private volatile boolean running = true;
    /** Thing id → the version its last answered write left it at. */
    private final Map<String, Long> written = new ConcurrentHashMap<>();
    /** Things whose last write went unanswered: what it did is unknown. */
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicLongArray answeredBy;
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger searches = new AtomicInteger();
    private final List<String> reasons = new CopyOnWriteArrayList<>();

    private ClientLoad(Cluster cluster, int clients) {
        this.cluster = cluster;
        this.answeredBy = new AtomicLongArray(cluster.size());
        this.clients = Executors.newFixedThreadPool(clients);
        for (int client = 0; client < clients; client++) {
            int first = client;
            this.clients.execute(() -> run(first));
        }
    }

    static ClientLoad start(Cluster cluster, int clients) {
        return new ClientLoad(cluster, clients);
    }

    private void run(int client) {
        int turn = client;
        for (int count = 0; running; count++) {
            int n = count;
            JsonNode created = send(turn++, graphQl -> ThingRequests.create(graphQl, "cluster " + client + "-" + n,
                    n % 100), "createThing");
            if (created == null) {
                continue;
            }
            String id = created.get("id").asText();
            written.put(id, created.get("version").asLong());
            pause();
            JsonNode updated = send(turn++, graphQl -> ThingRequests.update(graphQl, id, "cluster updated", n % 7,
                    1), "updateThing");
            if (updated == null) {
                uncertain.add(id);
                continue;
            }
            if (updated.has("currentVersion")) {
                conflicts.incrementAndGet();
                continue;
            }
            written.put(id, updated.get("version").asLong());
            pause();
            if (n % 3 == 0) {
                JsonNode answer = send(turn++, graphQl -> ThingRequests.delete(graphQl, id, 2), "deleteThing");
                if (answer == null) {
                    uncertain.add(id);
                } else if (answer.has("currentVersion")) {
                    conflicts.incrementAndGet();
                } else {
                    deleted.add(id);
                }
                pause();
            }
            if (send(turn++, graphQl -> ThingRequests.search(graphQl, "cluster"), "searchThings") != null) {
                searches.incrementAndGet();
            }
            pause();
        }
    }

    /**
     * The payload of {@code field}, or null when the answer carried errors or did not come. An instance that refuses
     * the connection (it is down) never saw the request: the next one is asked instead.
     */
    private JsonNode send(int turn, Function<RawGraphQl, JsonNode> request, String field) {
        for (int attempt = 0; attempt < cluster.size(); attempt++) {
            int node = (turn + attempt) % cluster.size();
            try {
                JsonNode answer = request.apply(cluster.graphQl(node));
                JsonNode payload = answer.path("data").path(field);
                if (answer.has("errors") || payload.isMissingNode() || payload.isNull()) {
                    return unanswered(answer.toString());
                }
                answeredBy.incrementAndGet(node);
                return payload;
            } catch (RuntimeException failed) {
                if (!(failed.getCause() instanceof ConnectException)) {
                    return unanswered(failed.toString());
                }
            }
        }
        return unanswered("no instance accepted the connection");
    }

    private JsonNode unanswered(String why) {
        if (unanswered.incrementAndGet() <= 3) {
            reasons.add(why);
        }
        return null;
    }

    private void pause() {
        LockSupport.parkNanos(PAUSE.toNanos());
    }

    /** Things with an answered write so far. */
    int things() {
        return written.size();
    }

    Map<String, Long> written() {
        return Map.copyOf(written);
    }

    Set<String> uncertain() {
        return Set.copyOf(uncertain);
    }

    Set<String> deleted() {
        return Set.copyOf(deleted);
    }

    long answeredBy(int node) {
        return answeredBy.get(node);
    }

    int unanswered() {
        return unanswered.get();
    }

    /** Why the first requests went unanswered. */
    List<String> reasons() {
        return List.copyOf(reasons);
    }

    int conflicts() {
        return conflicts.get();
    }

    int searches() {
        return searches.get();
    }

    /** Stops sending; returns once every client has its last answer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        clients.shutdown();
        if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
            clients.shutdownNow();
        }
    }
}
