package dovetail.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.Client;
import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.model.IndexStats;
import com.meilisearch.sdk.model.TaskInfo;
import dovetail.commands.erasure.ThingFieldEncryption;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.ThingDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Projection throughput: a fresh sync task catching up on N Thing events, against a raw bulk ingest of the same
 * N documents into an index with the same settings, at the best of several batch sizes. Freshness: sequential
 * mutations timed from the mutation's answer until {@code searchThings} returns the new version, against
 * Meilisearch's own add-to-searchable time for one document on an index of the same size.
 */
final class ProjectionBench {

    private static final int[] RAW_BATCH_SIZES = {1_000, 5_000, 25_000};
    private static final Duration POLL = Duration.ofMillis(10);

    private ProjectionBench() {
    }

    static void run(int things, int taskBatchSize, int segments, int threads, int mutations) throws Exception {
        try (BenchDovetail dovetail = BenchDovetail.start(true, true)) {
            CommandGateway commands = dovetail.bean(CommandGateway.class);
            MeilisearchIndexes indexes = dovetail.bean(MeilisearchIndexes.class);
            Client client = indexes.client();

            System.out.printf("appending %,d Thing events ...%n", things);
            List<ThingView> views = append(commands, things);

            ObjectMapper json = new ObjectMapper();
            long bestRawNanos = rawIngest(indexes, views, json);
            // first tasks warm the JIT up on the path every later task takes (as the raw side's first batch size
            // warms up its own), each deleted with its index; the next one is measured
            for (int warmUp = 1; warmUp <= warmUps(); warmUp++) {
                long warmUpNanos = catchUp(dovetail, "bench-warm-up-" + warmUp, "warm-up-" + warmUp, things,
                        taskBatchSize, segments, threads);
                System.out.printf("sync task catch-up (warm-up %d, not counted):  %6.2f s%n", warmUp, warmUpNanos / 1e9);
                commands.sendAndWait(new DeleteSyncTask("bench-warm-up-" + warmUp, true));
                indexes.delete(indexes.fullIndexUid("warm-up-" + warmUp));
            }
            // the index searchThings reads (dovetail.search.things-index)
            long taskNanos = catchUp(dovetail, "bench", "things", things, taskBatchSize, segments, threads);
            double ratio = (double) bestRawNanos / taskNanos;
            System.out.printf("sync task catch-up, batches of %,d, %d segment(s), %d thread(s): %6.2f s  %,8.0f docs/s%n",
                    taskBatchSize, segments, threads, taskNanos / 1e9, things / (taskNanos / 1e9));
            System.out.printf("projection throughput ratio (raw best ÷ task): %.2f  (target ≥ 0.80: %s)%n", ratio,
                    ratio >= 0.8 ? "met" : "NOT met");
            long pipelineNanos = ProjectionPipeline.run(indexes, dovetail.bean(JdbcTemplate.class),
                    dovetail.bean(ThingFieldEncryption.class)::decrypt, things, json);
            double limit = (double) pipelineNanos / taskNanos;
            System.out.printf("hand-written pipeline best (JDBC rows → Jackson documents on one thread, sent on "
                    + "another): %6.2f s%n", pipelineNanos / 1e9);
            System.out.printf("projection ratio against the pipeline (pipeline ÷ task): %.2f  (target ≥ 0.90: %s)%n",
                    limit, limit >= 0.9 ? "met" : "NOT met");
            System.out.printf("application heap used: %d MB%n", usedHeapMb());

            freshness(dovetail, views, mutations, client, indexes, json);
        }
    }

    /**
     * How many unmeasured runs of a task path come before the measured one ({@code -Dbench.warmups}, default 5): the
     * JIT compiles a path only after it has run a while, and on 2 cores its compiler threads otherwise take CPU from
     * the run being measured (seen with {@link CpuMeter}: ~2 s of compiler time in a first 4 s catch-up, ~0.2 s after
     * five).
     */
    static int warmUps() {
        return Integer.getInteger("bench.warmups", 5);
    }

    /** Creates a Meilisearch task on the Things and answers how long it took until its index holds them all. */
    static long catchUp(BenchDovetail dovetail, String taskId, String index, int things, int taskBatchSize,
                                int segments, int threads) throws Exception {
        CommandGateway commands = dovetail.bean(CommandGateway.class);
        MeilisearchIndexes indexes = dovetail.bean(MeilisearchIndexes.class);
        HistoryReads reads = dovetail.historyReads();
        CpuMeter cpu = CpuMeter.start();
        Profiles.start();
        long start = System.nanoTime();
        commands.sendAndWait(new CreateSyncTask(taskId, new SyncTaskDefinition(new SinkSpec(
                new MeilisearchSinkSpec(index, ThingDocument.PRIMARY_KEY, ThingDocument.SEARCHABLE_ATTRIBUTES,
                        ThingDocument.FILTERABLE_ATTRIBUTES, ThingDocument.SORTABLE_ATTRIBUTES)),
                null, null, new TaskOptions(taskBatchSize, null, segments, threads))));
        Index taskIndex = indexes.client().index(indexes.fullIndexUid(index));
        QueryGateway progressQueries = dovetail.bean(QueryGateway.class);
        long[] lastReport = {System.nanoTime()};
        await(Duration.ofMinutes(10), () -> {
            IndexStats stats = stats(taskIndex);
            if (Boolean.getBoolean("bench.progress") && System.nanoTime() - lastReport[0] > 250_000_000L) {
                lastReport[0] = System.nanoTime();
                long delivered = progressQueries.query(new FindSyncTask(taskId),
                        ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join()
                        .map(SyncTaskView::delivered).orElse(-1L);
                System.out.printf("  %5.2f s: delivered %,d, indexed %,d%n", (System.nanoTime() - start) / 1e9,
                        delivered, stats == null ? 0 : stats.getNumberOfDocuments());
            }
            return indexed(stats, things);
        });
        long nanos = System.nanoTime() - start;
        Profiles.stop("catch-up-" + taskId);
        System.out.println("  " + cpu.report() + "\n  " + cpu.threadReport(8));
        System.out.println("  " + MeilisearchBatches.describe(indexes, indexes.fullIndexUid(index)));
        reads.print(taskId);
        return nanos;
    }

    private static void freshness(BenchDovetail dovetail, List<ThingView> views, int mutations, Client client,
                                  MeilisearchIndexes indexes, ObjectMapper json) throws Exception {
        CommandGateway commands = dovetail.bean(CommandGateway.class);
        QueryGateway queries = dovetail.bean(QueryGateway.class);
        JdbcTemplate jdbc = dovetail.bean(JdbcTemplate.class);
        Histogram dovetailMicros = new Histogram(60_000_000L, 3);
        for (int i = 0; i < mutations; i++) {
            ThingView target = views.get(ThreadLocalRandom.current().nextInt(views.size()));
            Long version = jdbc.queryForObject("select version from thing_view where id = ?", Long.class,
                    Long.parseLong(target.id()));
            commands.sendAndWait(new UpdateThing(target.id(), "fresh " + i, 1.0, version));
            long answered = System.nanoTime();
            String filter = "id = " + target.id() + " AND version = " + (version + 1);
            await(Duration.ofSeconds(30), () -> {
                SearchOutcome outcome = queries.query(new SearchThings("", filter, List.of(), List.of(), 1, 1),
                        SearchOutcome.class).join();
                return outcome instanceof SearchResults results && results.totalHits() == 1;
            });
            dovetailMicros.recordValue((System.nanoTime() - answered) / 1000);
        }

        Index raw = client.index("fresh-raw");
        ensure(indexes, "fresh-raw");
        List<Map<String, Object>> documents = views.stream().map(ThingDocument::toDocument).toList();
        TaskInfo loaded = raw.addDocuments(json.writeValueAsString(documents), "id");
        indexes.tasks().awaitTask(loaded.getTaskUid(), Duration.ofMinutes(10));
        Histogram meilisearchMicros = new Histogram(60_000_000L, 3);
        for (int i = 0; i < mutations; i++) {
            ThingView target = views.get(ThreadLocalRandom.current().nextInt(views.size()));
            long version = 1_000 + i;
            Map<String, Object> document = ThingDocument.toDocument(new ThingView(target.id(), "fresh " + i, 1.0,
                    target.createdOn(), Instant.now(), version));
            long sent = System.nanoTime();
            raw.addDocuments(json.writeValueAsString(List.of(document)), "id");
            String filter = "id = " + target.id() + " AND version = " + version;
            await(Duration.ofSeconds(30), () -> raw.search(new com.meilisearch.sdk.SearchRequest("")
                    .setFilter(new String[] {filter})).getHits().size() == 1);
            meilisearchMicros.recordValue((System.nanoTime() - sent) / 1000);
        }
        double dp50 = dovetailMicros.getValueAtPercentile(50) / 1000.0;
        double dp99 = dovetailMicros.getValueAtPercentile(99) / 1000.0;
        double mp50 = meilisearchMicros.getValueAtPercentile(50) / 1000.0;
        double mp99 = meilisearchMicros.getValueAtPercentile(99) / 1000.0;
        System.out.printf("freshness over %d sequential mutations on %,d documents:%n", mutations, views.size());
        System.out.printf("  mutation answered → searchThings shows it: p50 %7.1f ms  p99 %7.1f ms%n", dp50, dp99);
        System.out.printf("  Meilisearch add one document → searchable: p50 %7.1f ms  p99 %7.1f ms%n", mp50, mp99);
        System.out.printf("  p50 %.1f ms vs limit %.1f ms (%s); p99 ratio %.2f vs limit 2.00 (%s)%n", dp50, mp50 + 100,
                dp50 <= mp50 + 100 ? "met" : "NOT met", dp99 / mp99, dp99 <= 2 * mp99 ? "met" : "NOT met");
    }

    /**
     * The baseline: the documents of these Things bulk-ingested into a fresh index with the Thing settings, at each
     * of {@link #RAW_BATCH_SIZES}, timed from creating the index until Meilisearch has processed the last task.
     * Answers the best time in nanoseconds.
     */
    static long rawIngest(MeilisearchIndexes indexes, List<ThingView> views, ObjectMapper json) throws Exception {
        List<Map<String, Object>> documents = views.stream().map(ThingDocument::toDocument).toList();
        long bestRawNanos = Long.MAX_VALUE;
        for (int batch : RAW_BATCH_SIZES) {
            String uid = "raw-" + batch;
            // creating the index and its settings counts on both sides: the task does it before delivering
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            ensure(indexes, uid);
            Index index = indexes.client().index(uid);
            for (int from = 0; from < documents.size(); from += batch) {
                index.addDocuments(json.writeValueAsString(
                        documents.subList(from, Math.min(documents.size(), from + batch))), "id");
            }
            awaitIndexed(index, documents.size());
            long nanos = System.nanoTime() - start;
            System.out.printf("raw bulk ingest, batches of %,6d: %6.2f s  %,8.0f docs/s%n", batch, nanos / 1e9,
                    documents.size() / (nanos / 1e9));
            System.out.println("  " + cpu.report());
            System.out.println("  " + MeilisearchBatches.describe(indexes, uid));
            bestRawNanos = Math.min(bestRawNanos, nanos);
            indexes.delete(uid);
        }
        return bestRawNanos;
    }

    static List<ThingView> append(CommandGateway commands, int things) throws Exception {
        List<ThingView> views = java.util.Collections.synchronizedList(new ArrayList<>());
        int clients = 4;
        Thread[] writers = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            writers[c] = new Thread(() -> {
                for (int n = client; n < things; n += clients) {
                    ThingAccepted accepted = commands.sendAndWait(
                            new CreateThing("thing number " + n + " " + WORDS[n % WORDS.length], n * 0.25));
                    views.add(accepted.thing());
                }
            });
            writers[c].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        return new ArrayList<>(views);
    }

    private static final String[] WORDS = {"lamp", "chair", "table", "lantern", "pencil", "desk", "shelf", "clock"};

    static void ensure(MeilisearchIndexes indexes, String uid) {
        indexes.ensure(uid, ThingDocument.PRIMARY_KEY, ThingDocument.SEARCHABLE_ATTRIBUTES,
                ThingDocument.FILTERABLE_ATTRIBUTES, ThingDocument.SORTABLE_ATTRIBUTES);
    }

    /**
     * Waits until the index holds {@code documents} documents and is no longer indexing: both sides of the throughput
     * comparison end the same way, polled every {@link #POLL}.
     */
    static void awaitIndexed(Index index, long documents) throws InterruptedException {
        await(Duration.ofMinutes(10), () -> indexed(stats(index), documents));
    }

    /** Whether the index (its stats, null when it does not exist yet) holds {@code documents} and is idle. */
    static boolean indexed(IndexStats stats, long documents) {
        return stats != null && stats.getNumberOfDocuments() == documents && !stats.isIndexing();
    }

    static IndexStats stats(Index index) {
        try {
            return index.getStats();
        } catch (RuntimeException notYetThere) {
            return null;
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + timeout);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    static long usedHeapMb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
