package dovetail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.SearchRequest;
import com.meilisearch.sdk.model.IndexStats;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.MeilisearchInstances;
import dovetail.projections.search.ThingDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;

/**
 * Search at scale: a fresh task's catch-up of N Thing events into 1, 2 and 3 shards (three Meilisearch processes on
 * this machine), timed until every shard holds its Things and is idle, with each shard's share and rate; then search
 * latency on the same data, one index against a federated search of three shards.
 */
final class SearchScaleBench {

    private static final String[] INSTANCES = {"default", "ms-1", "ms-2"};
    private static final String[] QUERIES = {"lamp", "chair 12", "thing number 4", "lantern", "shelf 99", "clock"};

    private SearchScaleBench() {
    }

    static void run(int things, int batchSize, int searches) throws Exception {
        try (BenchDovetail dovetail = BenchDovetail.start(false, 3, false)) {
            CommandGateway commands = dovetail.bean(CommandGateway.class);
            QueryGateway queries = dovetail.bean(QueryGateway.class);
            MeilisearchInstances instances = dovetail.bean(MeilisearchInstances.class);
            System.out.printf("appending %,d Thing events ...%n", things);
            ProjectionBench.append(commands, things);
            double singleRate = 0;
            for (int shards = 1; shards <= 3; shards++) {
                String index = shards == 3 ? "things" : "things-" + shards;
                List<String> on = Arrays.asList(INSTANCES).subList(0, shards);
                long start = System.nanoTime();
                commands.sendAndWait(new CreateSyncTask("bench-" + shards, new SyncTaskDefinition(new SinkSpec(
                        new MeilisearchSinkSpec(index, ThingDocument.PRIMARY_KEY, ThingDocument.SEARCHABLE_ATTRIBUTES,
                                ThingDocument.FILTERABLE_ATTRIBUTES, ThingDocument.SORTABLE_ATTRIBUTES,
                                shards == 1 ? MeilisearchTopology.SINGLE : MeilisearchTopology.SHARDED, on)),
                        null, null, new TaskOptions(batchSize, null, null, null))));
                ProjectionBench.await(Duration.ofMinutes(20), () -> total(instances, on, index) == things
                                                                    && on.stream().noneMatch(name -> indexing(instances, name, index)));
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = things / seconds;
                singleRate = shards == 1 ? rate : singleRate;
                System.out.printf("%d shard(s): %,d Things in %6.2f s = %,8.0f docs/s in all%n", shards, things,
                        seconds, rate);
                for (String name : on) {
                    long documents = count(instances, name, index);
                    System.out.printf("    shard on %-8s %,8d docs  %,8.0f docs/s%n", name, documents,
                            documents / seconds);
                }
                System.out.printf("    projection, each shard on a machine of its own indexing at the 1-shard rate: "
                                  + "%,8.0f docs/s (bounded by the event store read, once per shard)%n",
                        shards * singleRate);
                if (shards == 2) {
                    commands.sendAndWait(new DeleteSyncTask("bench-2", true));
                    on.forEach(name -> instances.indexes(name).deleteLater(
                            instances.indexes(name).fullIndexUid(index)));
                }
            }
            latency(instances, queries, searches);
        }
    }

    /** One index on one instance against the federated search of three shards, on the same Things. */
    private static void latency(MeilisearchInstances instances, QueryGateway queries, int searches) {
        MeilisearchIndexes single = instances.indexes("default");
        Index one = single.client().index(single.fullIndexUid("things-1"));
        String sharded = single.fullIndexUid("things");
        ObjectMapper json = new ObjectMapper();
        List<Long> raw = measure(searches, n -> () -> one.rawSearch(SearchRequest.builder()
                .q(QUERIES[n % QUERIES.length]).page(1).hitsPerPage(20).build()));
        List<Long> federated = measure(searches, n -> () -> {
            ObjectNode request = json.createObjectNode();
            request.putObject("federation").put("offset", 0).put("limit", 20);
            for (String shard : INSTANCES) {
                request.withArray("queries").addObject().put("indexUid", sharded).put("q", QUERIES[n % QUERIES.length])
                        .putObject("federationOptions").put("remote", shard);
            }
            JsonNode answer = instances.multiSearch(INSTANCES[n % INSTANCES.length], request);
            return answer.path("hits").size();
        });
        List<Long> throughDovetail = measure(searches, n -> () -> {
            SearchOutcome outcome = queries.query(new SearchThings(QUERIES[n % QUERIES.length], null, null, List.of(),
                    1, 20), SearchOutcome.class).join();
            return ((SearchResults) outcome).hits().size();
        });
        print("one index, one instance (Meilisearch)", raw);
        print("three shards, federated (Meilisearch)", federated);
        print("three shards, searchThings (Dovetail)", throughDovetail);
    }

    private interface Search {
        Supplier<Object> nth(int n);
    }

    private static List<Long> measure(int searches, Search search) {
        for (int n = 0; n < 50; n++) {
            search.nth(n).get(); // warm up connections and caches
        }
        List<Long> micros = new ArrayList<>();
        for (int n = 0; n < searches; n++) {
            long start = System.nanoTime();
            search.nth(n).get();
            micros.add((System.nanoTime() - start) / 1_000);
        }
        micros.sort(Long::compare);
        return micros;
    }

    private static void print(String label, List<Long> micros) {
        System.out.printf("search latency, %-40s p50 %6.2f ms  p99 %6.2f ms%n", label,
                micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.99)) / 1000.0);
    }

    private static long total(MeilisearchInstances instances, List<String> on, String index) {
        return on.stream().mapToLong(name -> count(instances, name, index)).sum();
    }

    private static long count(MeilisearchInstances instances, String name, String index) {
        IndexStats stats = ProjectionBench.stats(instances.indexes(name).client().index(
                instances.indexes(name).fullIndexUid(index)));
        return stats == null ? 0 : stats.getNumberOfDocuments();
    }

    private static boolean indexing(MeilisearchInstances instances, String name, String index) {
        IndexStats stats = ProjectionBench.stats(instances.indexes(name).client().index(
                instances.indexes(name).fullIndexUid(index)));
        return stats == null || stats.isIndexing();
    }
}
