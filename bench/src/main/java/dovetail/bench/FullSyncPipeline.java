package dovetail.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.model.SwapIndexesParams;
import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TaskStatus;
import dovetail.domain.thing.ThingView;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.ThingDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The true limit of a full sync on this machine: the best hand-written program doing its job in the same process.
 * Beside a live index holding the same documents (built before, untimed), {@link ProjectionPipeline#fill} reads the
 * Things' events with plain JDBC in event order, builds their documents with Jackson on one thread and sends them
 * with Meilisearch's own client on another into a fresh copy index with the Thing settings, until it holds them all;
 * then Meilisearch swaps the copy in. Timed from creating the copy until the swap has succeeded, as the full sync is
 * timed from its command until the live index holds the rebuilt documents; the old documents, under the copy's name
 * after the swap, are dropped after the clock, as the task drops its old copy once the full sync is complete.
 *
 * <p>One unmeasured run warms its path up (the full sync has its own warm-ups); then each batch size runs twice and
 * the best counts, as the full sync's best of three does. The sizes are the raw ingest's larger two and half the
 * history: Meilisearch indexes the additions queued behind the one it indexes as one batch, so two halves are two
 * batches, as a full sync's two deliveries are.
 */
final class FullSyncPipeline {

    private static final String LIVE = "pipeline-live";
    private static final String COPY = "pipeline-copy";
    private static final Duration SWAP_TIMEOUT = Duration.ofMinutes(1);

    private FullSyncPipeline() {
    }

    /**
     * Runs the pipeline and prints each run and its best against the full sync's best ({@code fullSyncNanos}), as
     * the ratio the target is about (pipeline ÷ full sync).
     */
    static void compare(MeilisearchIndexes indexes, JdbcTemplate jdbc, UnaryOperator<byte[]> readable,
                        List<ThingView> views, ObjectMapper json, long fullSyncNanos) throws Exception {
        ProjectionBench.ensure(indexes, LIVE);
        List<Map<String, Object>> documents = views.stream().map(ThingDocument::toDocument).toList();
        Index live = indexes.client().index(LIVE);
        live.addDocuments(json.writeValueAsString(documents), ThingDocument.PRIMARY_KEY);
        ProjectionBench.awaitIndexed(live, views.size());

        int[] batches = {5_000, 25_000, (views.size() + 1) / 2};
        long warmUp = run(indexes, jdbc, readable, views.size(), json, batches[0]);
        System.out.printf("hand-written full sync (warm-up, not counted), batches of %,6d: %6.2f s%n", batches[0],
                warmUp / 1e9);
        long best = Long.MAX_VALUE;
        for (int round = 1; round <= 2; round++) {
            for (int batch : batches) {
                long batchesBefore = MeilisearchBatches.latest(indexes);
                CpuMeter cpu = CpuMeter.start();
                long nanos = run(indexes, jdbc, readable, views.size(), json, batch);
                System.out.printf("hand-written full sync, batches of %,6d: %6.2f s%n  %s%n  %s%n  %s%n", batch,
                        nanos / 1e9, cpu.report(), cpu.threadReport(8),
                        MeilisearchBatches.describeAfter(indexes, batchesBefore));
                best = Math.min(best, nanos);
            }
        }
        indexes.delete(LIVE);
        double ratio = (double) best / fullSyncNanos;
        System.out.printf("hand-written full sync best (JDBC rows → Jackson documents on one thread, sent to a copy "
                + "on another, swapped in): %6.2f s%n", best / 1e9);
        System.out.printf("full sync ratio against the pipeline (pipeline best ÷ full sync best): %.2f  (target ≥ 0.90: %s)%n",
                ratio, ratio >= 0.9 ? "met" : "NOT met");
    }

    private static long run(MeilisearchIndexes indexes, JdbcTemplate jdbc, UnaryOperator<byte[]> readable,
                            int things, ObjectMapper json, int size) throws Exception {
        Profiles.start();
        long start = System.nanoTime();
        ProjectionPipeline.fill(indexes, jdbc, readable, things, json, COPY, size);
        // the client's own call: MeilisearchIndexes.swap skips a pair its task history shows swapped before
        SwapIndexesParams pair = new SwapIndexesParams().setIndexes(new String[] {LIVE, COPY});
        Task swap = indexes.tasks().awaitTask(indexes.client().swapIndexes(new SwapIndexesParams[] {pair}).getTaskUid(),
                SWAP_TIMEOUT);
        long nanos = System.nanoTime() - start;
        Profiles.stop("pipeline-" + size);
        if (swap.getStatus() != TaskStatus.SUCCEEDED) {
            throw new IllegalStateException("swapping " + COPY + " in ended " + swap.getStatus());
        }
        indexes.delete(COPY);
        return nanos;
    }
}
