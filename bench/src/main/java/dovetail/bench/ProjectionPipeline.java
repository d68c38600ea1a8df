package dovetail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.Index;
import dovetail.domain.thing.ThingView;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.ThingDocument;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The true limit of a Meilisearch catch-up on this machine: the best hand-written pipeline doing the task's job in
 * the same process, with nothing of Dovetail's runtime in it. One thread reads the stored ThingCreated rows with plain
 * JDBC in event order and builds each Thing's document with Jackson (the same documents the task sends); another
 * sends them to a fresh index with the same settings with Meilisearch's own client, without waiting between batches
 * (Meilisearch merges queued additions), until the index holds them all; at the raw ingest's larger batch sizes, the
 * best counting. The bench's history is creates only, so the
 * pipeline reads creates only.
 */
final class ProjectionPipeline {

    /** The raw ingest's larger batch sizes; the best is the pipeline's time. */
    private static final int[] BATCHES = {5_000, 25_000};
    private static final List<Map<String, Object>> END = List.of();

    private ProjectionPipeline() {
    }

    /** The best time, in nanoseconds, over the batch sizes. */
    static long run(MeilisearchIndexes indexes, JdbcTemplate jdbc, UnaryOperator<byte[]> readable, int things,
                    ObjectMapper json) throws Exception {
        long best = Long.MAX_VALUE;
        for (int batch : BATCHES) {
            long nanos = run(indexes, jdbc, readable, things, json, batch);
            System.out.printf("hand-written pipeline, batches of %,6d: %6.2f s%n", batch, nanos / 1e9);
            best = Math.min(best, nanos);
        }
        return best;
    }

    private static long run(MeilisearchIndexes indexes, JdbcTemplate jdbc, UnaryOperator<byte[]> readable,
                            int things, ObjectMapper json, int size) throws Exception {
        String uid = "pipeline-" + size;
        long start = System.nanoTime();
        fill(indexes, jdbc, readable, things, json, uid, size);
        long nanos = System.nanoTime() - start;
        indexes.delete(uid);
        return nanos;
    }

    /**
     * Creates the index {@code uid} with the Thing settings and fills it with the Things' documents, read on one
     * thread and sent on this one in batches of {@code size}, until it holds all {@code things} and is idle. Each
     * payload is read as the store's readers read it ({@code readable}: its encrypted fields decrypted).
     */
    static void fill(MeilisearchIndexes indexes, JdbcTemplate jdbc, UnaryOperator<byte[]> readable, int things,
                     ObjectMapper json, String uid, int size) throws Exception {
        ProjectionBench.ensure(indexes, uid);
        Index index = indexes.client().index(uid);
        BlockingQueue<List<Map<String, Object>>> batches = new ArrayBlockingQueue<>(2);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> read(jdbc, readable, json, batches, size));
        for (List<Map<String, Object>> batch = batches.take(); batch != END; batch = batches.take()) {
            index.addDocuments(json.writeValueAsString(batch), ThingDocument.PRIMARY_KEY);
        }
        reading.join();
        ProjectionBench.awaitIndexed(index, things);
    }

    private static void read(JdbcTemplate jdbc, UnaryOperator<byte[]> readable, ObjectMapper json,
                             BlockingQueue<List<Map<String, Object>>> out, int size) {
        List<List<Map<String, Object>>> batch = new ArrayList<>(List.of(new ArrayList<>(size)));
        eachRow(jdbc, "select payload from domain_event_entry where payload_type like '%.ThingCreated' "
                      + "order by global_index", size, row -> {
            try {
                JsonNode event = json.readTree(readable.apply(row.getBytes(1)));
                Instant created = instant(event.get("createdOn"));
                batch.get(0).add(ThingDocument.toDocument(new ThingView(event.get("id").asText(),
                        event.get("name").asText(), event.get("foo").asDouble(), created, created,
                        event.get("version").asLong())));
                if (batch.get(0).size() == size) {
                    out.put(batch.get(0));
                    batch.set(0, new ArrayList<>(size));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            if (!batch.get(0).isEmpty()) {
                out.put(batch.get(0));
            }
            out.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the query and hands each row over as it arrives, {@code fetchSize} rows per round trip. pgjdbc reads the
     * whole result before the first row unless the query runs in a transaction with a fetch size, so it does.
     */
    static void eachRow(JdbcTemplate jdbc, String sql, int fetchSize, RowCallbackHandler each) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(fetchSize);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        each.processRow(rows);
                    }
                }
                connection.commit();
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    /** An instant as the event store's mapper wrote it: ISO text, or seconds with their fraction. */
    private static Instant instant(JsonNode value) {
        if (value.isTextual()) {
            return Instant.parse(value.asText());
        }
        BigDecimal seconds = value.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
}
